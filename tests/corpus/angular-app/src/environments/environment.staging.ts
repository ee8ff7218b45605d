export const environment = {
  production: false,
  apiUrl: 'https://sandbox.vibepeak.ai/v1',
  vibepeakKey: '{{VPK_TEST:ng-staging}}',
};
