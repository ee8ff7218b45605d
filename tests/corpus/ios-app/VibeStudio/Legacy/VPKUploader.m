#import "VPKUploader.h"

static NSString *const kVibePeakKey = @"{{VPK_LIVE:ios-objc}}";

@implementation VPKUploader

- (NSURLRequest *)requestForTask:(NSString *)taskId {
    NSString *url = [NSString stringWithFormat:@"https://api.vibepeak.ai/v1/tasks/%@", taskId];
    NSMutableURLRequest *request = [NSMutableURLRequest requestWithURL:[NSURL URLWithString:url]];
    [request setValue:[@"Bearer " stringByAppendingString:kVibePeakKey] forHTTPHeaderField:@"Authorization"];
    return request;
}

@end
