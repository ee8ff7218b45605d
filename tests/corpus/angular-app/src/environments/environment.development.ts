export const environment = {
  production: false,
  apiUrl: 'https://api.vibepeak.ai/v1',
  vibepeakKey: '{{VPK_LIVE:ng-shared}}',
};
