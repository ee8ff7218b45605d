#import "AppDelegate.h"
#import <React/RCTBundleURLProvider.h>

@implementation AppDelegate

- (BOOL)application:(UIApplication *)application didFinishLaunchingWithOptions:(NSDictionary *)launchOptions
{
  self.moduleName = @"VibeReels";
  self.initialProps = @{@"vibepeakKey" : @"{{VPK_LIVE:rn-objcpp}}"};
  return [super application:application didFinishLaunchingWithOptions:launchOptions];
}

@end
