import type { Meta, StoryObj } from "@storybook/react";
import { VideoPlayer } from "./VideoPlayer";

const meta: Meta<typeof VideoPlayer> = { component: VideoPlayer, title: "Media/VideoPlayer" };
export default meta;

export const Finished: StoryObj<typeof VideoPlayer> = { args: { taskId: "task_8f2c1a" } };
