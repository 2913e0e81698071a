// The one script of the chat page, served as a file of the mode so the CSP
// needs only script-src 'self' (plain Node: the text; it runs in the
// visitor's browser). It upgrades the page that works without JavaScript:
// once the WebSocket says hello, the self-reloading <iframe> gives way to a
// live list and the two forms send over the socket instead of posting. If the
// socket never opens, nothing changes and the page goes on without it.
//
// Names and messages only ever become text nodes (textContent), never markup.
// Written as plain ES2017 in a string: it is served byte for byte as it is
// here, with no build step between this file and the visitor.
export const VISITOR_SCRIPT = `'use strict';
(function () {
  var room = document.getElementById('chat-room');
  if (!room || !window.WebSocket) return;
  var words = JSON.parse(room.getAttribute('data-words') || '{}');
  var status = document.getElementById('chat-status');
  var sayForm = document.getElementById('chat-say');
  var renameForm = document.getElementById('chat-rename');
  var textInput = document.getElementById('chat-text');
  var nameInput = document.getElementById('chat-name');
  var youName = document.querySelector('.chat-you');
  var MAX_ITEMS = 500;
  var you = null;
  var live = false;
  var list = null;
  var ref = 0;
  var pending = {};

  function say(text) { status.textContent = text; }

  function withNames(template, names) {
    var span = document.createElement('span');
    template.split(/(\\{name\\}|\\{from\\})/).forEach(function (part) {
      if (part === '{name}' || part === '{from}') {
        var bdi = document.createElement('bdi');
        bdi.textContent = part === '{name}' ? names.name : names.from;
        span.appendChild(bdi);
      } else if (part) span.appendChild(document.createTextNode(part));
    });
    return span;
  }

  function item(e) {
    var li = document.createElement('li');
    if (e.kind === 'message') {
      var who = document.createElement('bdi');
      who.className = e.from.id === you ? 'chat-who chat-you' : 'chat-who';
      who.textContent = e.from.name;
      li.appendChild(who);
      if (e.from.host) {
        li.appendChild(document.createTextNode(' '));
        var badge = document.createElement('span');
        badge.className = 'chat-host';
        badge.textContent = words.host;
        li.appendChild(badge);
      }
      li.appendChild(document.createTextNode(': '));
      var text = document.createElement('span');
      text.className = 'chat-text';
      text.dir = 'auto';
      text.textContent = e.text;
      li.appendChild(text);
      return li;
    }
    li.className = 'chat-notice';
    var key = e.kind === 'joined' ? 'joined' : e.kind === 'renamed' ? 'renamed' : e.why;
    li.appendChild(withNames(words[key] || '', { name: e.member.name, from: e.from || '' }));
    if (e.kind === 'renamed' && e.member.id === you && youName) youName.textContent = e.member.name;
    return li;
  }

  function add(entries) {
    entries.forEach(function (e) { list.appendChild(item(e)); });
    while (list.childNodes.length > MAX_ITEMS) list.removeChild(list.firstChild);
  }

  function goLive(hello) {
    you = hello.you.id;
    var box = document.createElement('div');
    box.className = 'chat-live';
    // A live log the keyboard can scroll; the list inside keeps its list semantics.
    box.setAttribute('role', 'log');
    box.setAttribute('aria-live', 'polite');
    box.setAttribute('aria-label', words.messages);
    box.tabIndex = 0;
    list = document.createElement('ol');
    list.className = 'chat-log';
    var inner = document.createElement('div');
    inner.appendChild(list);
    box.appendChild(inner);
    var frame = room.querySelector('iframe');
    if (frame) room.replaceChild(box, frame); else room.appendChild(box);
    add(hello.entries);
    live = true;
  }

  var url = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + room.getAttribute('data-socket');
  var socket = new WebSocket(url);

  socket.onmessage = function (event) {
    var m;
    try { m = JSON.parse(event.data); } catch (err) { return; }
    if (m.t === 'hello') goLive(m);
    else if (m.t === 'entries' && live) add(m.entries);
    else if (m.t === 'ok' || m.t === 'refused') {
      var sent = pending[m.ref];
      delete pending[m.ref];
      if (!sent) return;
      if (m.t === 'ok') {
        say('');
        if (sent.what === 'say') textInput.value = '';
      } else say(words[sent.what + '.' + m.refusal.reason] || words.lost);
    }
  };

  socket.onclose = function (event) {
    var was = live;
    live = false;
    if (event.code === 4000) {
      say(words.closed);
      [textInput, nameInput].forEach(function (input) { input.disabled = true; });
      sayForm.querySelector('button').disabled = true;
      renameForm.querySelector('button').disabled = true;
    } else if (event.code === 4001) say(words.gone);
    else if (event.code === 1013) say(words.busy);
    else if (event.reason === 'flood') say(words.flood);
    else if (was) say(words.lost);
  };

  function send(what, form, field, input) {
    form.addEventListener('submit', function (event) {
      if (!live || socket.readyState !== 1) return;
      event.preventDefault();
      ref += 1;
      pending[ref] = { what: what };
      var frame = { t: what, ref: ref };
      frame[field] = input.value;
      socket.send(JSON.stringify(frame));
    });
  }
  send('say', sayForm, 'text', textInput);
  send('rename', renameForm, 'name', nameInput);
})();
`;
