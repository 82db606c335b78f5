/**
 * GET /sandbox: a plain HTML+JS "phone" for people trying the hotline without Twilio. Dials a
 * sandbox number through the control API, sends keypad digits, hangs up, and shows a live
 * transcript by polling GET /sandbox/calls/:sid (everything the caller would hear).
 */
export function callerPageHtml(defaultTo = '4008001234'): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Hotline — Twilio sandbox caller</title>
<style>
  body { font-family: system-ui, sans-serif; margin: 2rem; display: grid; grid-template-columns: 18rem 1fr; gap: 2rem; }
  input { width: 100%; font-size: 1rem; padding: .3rem; box-sizing: border-box; margin-bottom: .5rem; }
  .keypad { display: grid; grid-template-columns: repeat(3, 1fr); gap: .4rem; margin: .8rem 0; }
  .keypad button { font-size: 1.4rem; padding: .6rem; }
  .actions button { font-size: 1rem; padding: .5rem 1rem; }
  #call { background: #1a7f37; color: #fff; } #hangup { background: #cf222e; color: #fff; }
  #transcript { font-family: ui-monospace, monospace; font-size: .9rem; white-space: pre-wrap; border: 1px solid #ccc; padding: .8rem; min-height: 20rem; overflow: auto; }
  #status { font-weight: bold; }
</style>
</head>
<body>
<section>
  <h1>Caller</h1>
  <label>From <input id="from" data-testid="sandbox-from" value="+8613800138000"></label>
  <label>To <input id="to" data-testid="sandbox-to" value="${defaultTo}"></label>
  <div class="actions">
    <button id="call" data-testid="sandbox-call">Call</button>
    <button id="hangup" data-testid="sandbox-hangup" disabled>Hang up</button>
  </div>
  <div class="keypad" data-testid="sandbox-keypad">
    ${['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'].map((k) => `<button data-key="${k}" data-testid="sandbox-key-${k === '*' ? 'star' : k === '#' ? 'hash' : k}">${k}</button>`).join('')}
  </div>
  <p>Call: <span id="sid" data-testid="sandbox-call-sid">—</span><br>Status: <span id="status" data-testid="sandbox-call-status">idle</span></p>
</section>
<section>
  <h2>What the caller hears</h2>
  <div id="transcript" data-testid="sandbox-transcript"></div>
</section>
<script>
(function () {
  var sid = null, timer = null;
  var $ = function (id) { return document.getElementById(id); };
  function post(path, body) {
    return fetch(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body || {}) })
      .then(function (r) { return r.json().then(function (j) { if (!r.ok) throw new Error(j.error || r.status); return j; }); });
  }
  function line(e) {
    var t = e.time.slice(11, 19) + '  ';
    switch (e.type) {
      case 'say': return t + 'SAY [' + e.language + '] ' + e.text;
      case 'play': return t + 'PLAY ' + (e.beep ? '(beep)' : e.digits ? 'digits ' + e.digits : e.url);
      case 'pause': return t + 'PAUSE ' + e.length + 's';
      case 'gather': return t + 'GATHER (waiting for keys' + (e.numDigits ? ', ' + e.numDigits + ' digit(s)' : '') + ')';
      case 'dtmf': return t + 'YOU PRESSED ' + e.digit;
      case 'enqueue': return t + 'QUEUED in ' + e.queue + (e.position ? ' at position ' + e.position : '');
      case 'dequeue': return t + 'LEFT QUEUE (' + e.result + ')';
      case 'dial': return t + 'DIALING ' + (e.queue || (e.to || []).join(', '));
      case 'ring': return t + 'ring ' + e.n;
      case 'connected': return t + 'CONNECTED to ' + (e.to || e.with);
      case 'disconnected': return t + 'DISCONNECTED';
      case 'dial-end': return t + 'DIAL ENDED ' + e.DialCallStatus;
      case 'record': return t + 'RECORDING (max ' + e.maxLength + 's)';
      case 'application-error': return t + 'APPLICATION ERROR ' + e.code + ': ' + e.message;
      case 'status': return t + 'status: ' + e.status;
      case 'hangup': return t + 'HANGUP by ' + e.by;
      default: return null;
    }
  }
  function refresh() {
    if (!sid) return;
    fetch('/sandbox/calls/' + sid).then(function (r) { return r.json(); }).then(function (c) {
      $('status').textContent = c.status;
      $('transcript').textContent = c.events.map(line).filter(Boolean).join('\\n');
      var ended = ['completed', 'busy', 'failed', 'no-answer', 'canceled'].indexOf(c.status) >= 0;
      $('hangup').disabled = ended; $('call').disabled = !ended;
      if (ended) { clearInterval(timer); timer = null; }
    });
  }
  $('call').onclick = function () {
    post('/sandbox/calls', { from: $('from').value, to: $('to').value }).then(function (r) {
      sid = r.callSid; $('sid').textContent = sid; $('transcript').textContent = '';
      $('call').disabled = true; $('hangup').disabled = false;
      if (timer) clearInterval(timer);
      timer = setInterval(refresh, 500); refresh();
    }).catch(function (e) { $('status').textContent = 'error: ' + e.message; });
  };
  $('hangup').onclick = function () { if (sid) post('/sandbox/calls/' + sid + '/hangup').then(refresh); };
  Array.prototype.forEach.call(document.querySelectorAll('[data-key]'), function (b) {
    b.onclick = function () { if (sid) post('/sandbox/calls/' + sid + '/digits', { digits: b.getAttribute('data-key') }).then(refresh); };
  });
})();
</script>
</body>
</html>`;
}
