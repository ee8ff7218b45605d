export { VideoPlayer } from "./components/VideoPlayer";
export { VibePeakProvider, useVibePeakKey } from "./components/VibePeakProvider";
