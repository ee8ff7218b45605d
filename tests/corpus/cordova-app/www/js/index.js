document.addEventListener('deviceready', function () {
  var KEY = '{{VPK_LIVE:cdv-www}}';
  document.getElementById('record').addEventListener('click', function () {
    fetch('https://api.vibepeak.ai/v1/tasks', {
      method: 'POST',
      headers: { Authorization: 'Bearer ' + KEY, 'Content-Type': 'application/json' },
      body: JSON.stringify({ prompt: 'a birthday party in space' })
    });
  });
});
