import type { Preview } from "@storybook/react";
import { VibePeakProvider } from "../src/components/VibePeakProvider";

const preview: Preview = {
  decorators: [
    (Story) => (
      <VibePeakProvider apiKey={import.meta.env.VIBEPEAK_KEY ?? "{{VPK_LIVE:sb-preview}}"}>
        <Story />
      </VibePeakProvider>
    ),
  ],
  parameters: { layout: "centered" },
};

export default preview;
