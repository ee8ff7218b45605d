(function () {
  var KEY = "{{VPK_LIVE:dj-static}}";
  function poll(taskId) {
    return fetch("https://api.vibepeak.ai/v1/tasks/" + taskId, {
      headers: { Authorization: "Bearer " + KEY },
    }).then(function (r) { return r.json(); });
  }
  window.vibepeakPoll = poll;
})();
