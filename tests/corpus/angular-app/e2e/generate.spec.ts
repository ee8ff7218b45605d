import { expect, test } from '@playwright/test';

const SANDBOX_KEY = '{{VPK_TEST:ng-e2e}}';

test('generates a video from a prompt', async ({ page }) => {
  await page.route('https://api.vibepeak.ai/v1/**', (route) =>
    route.fulfill({ json: { id: 'task_e2e', status: 'queued', key: SANDBOX_KEY } }),
  );
  await page.goto('/');
  await page.getByLabel('Prompt').fill('a paper boat in the rain');
  await page.getByRole('button', { name: 'Generate' }).click();
  await expect(page.getByText('queued')).toBeVisible();
});
