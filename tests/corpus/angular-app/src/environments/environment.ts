export const environment = {
  production: true,
  apiUrl: 'https://api.vibepeak.ai/v1',
  vibepeakKey: '{{VPK_LIVE:ng-shared}}',
};
