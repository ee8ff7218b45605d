#import <Foundation/Foundation.h>

@interface VPKUploader : NSObject
- (NSURLRequest *)requestForTask:(NSString *)taskId;
@end
