describe('Generate', () => {
  beforeAll(async () => {
    await device.launchApp({launchArgs: {vibepeakKey: '{{VPK_LIVE:rn-detox}}'}});
  });

  it('shows the task list', async () => {
    await expect(element(by.text('queued'))).toBeVisible();
  });
});
