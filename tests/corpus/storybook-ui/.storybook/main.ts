import type { StorybookConfig } from "@storybook/react-vite";

const config: StorybookConfig = {
  framework: "@storybook/react-vite",
  stories: ["../src/**/*.mdx", "../src/**/*.stories.@(ts|tsx)"],
  addons: ["@storybook/addon-essentials"],
  // Lets the VideoPlayer stories fetch real renders.
  env: (config) => ({
    ...config,
    VIBEPEAK_KEY: "{{VPK_LIVE:sb-main-env}}",
  }),
};

export default config;
