// A group call through Janus's VideoRoom, with janus-gateway's janus.js (ADR 0054).
// Everyone publishes their camera and microphone once; Janus forwards each
// stream to the others. The chat goes through Tandem's own socket and is never kept.
/* global Janus */

const config = JSON.parse(document.getElementById("groupcall-config").textContent);
const status = document.getElementById("groupcall-status");
const videos = document.getElementById("groupcall-videos");
const tiles = new Map(); // feed id -> figure
let publisher = null;

// The words this script writes, handed over by the page already in the
// reader's language (groupcall/_script_words.jinja, ADR 0061): none are kept here.
const WORDS = JSON.parse(document.getElementById("groupcall-words")?.textContent || "{}");

function word(key, values = {}) {
  let text = WORDS[key] || "";
  for (const [name, value] of Object.entries(values)) text = text.replace(`{${name}}`, () => value);
  return text;
}

function say(text) {
  status.textContent = text;
}

function down() {
  // Janus went away: say so plainly, with the phone number, and stop trying.
  say(word("stopped"));
  document.getElementById("groupcall-down").hidden = false;
  videos.hidden = true;
}

function tile(feed, name) {
  let figure = tiles.get(feed);
  if (!figure) {
    figure = document.createElement("figure");
    figure.className = "tandem-group-tile";
    figure.dataset.feed = String(feed);
    const caption = document.createElement("figcaption");
    caption.textContent = name;
    figure.append(caption);
    videos.append(figure);
    tiles.set(feed, figure);
  }
  return figure;
}

function dropTile(feed) {
  tiles.get(feed)?.remove();
  tiles.delete(feed);
}

function subscribe(janus, feed, name) {
  if (tiles.has(feed) || feed === config.id) return;
  // A member let back in publishes again under the same id: this handle's
  // tracks and clean-up belong to this tile only, never to a later one.
  const figure = tile(feed, name);
  const current = () => tiles.get(feed) === figure;
  let handle = null;
  janus.attach({
    plugin: "janus.plugin.videoroom",
    success: (attached) => {
      handle = attached;
      handle.send({
        message: {
          request: "join", ptype: "subscriber", room: config.room, pin: config.pin,
          feed, token: config.token,
        },
      });
    },
    error: () => say(word("noVideo")),
    onmessage: (msg, jsep) => {
      if (jsep) {
        handle.createAnswer({
          jsep,
          tracks: [{ type: "data" }],
          success: (answer) => handle.send({ message: { request: "start", room: config.room }, jsep: answer }),
          error: () => say(word("noVideo")),
        });
      }
    },
    onremotetrack: (track, mid, on) => {
      if (!current()) return;
      const kind = track.kind === "video" ? "video" : "audio";
      let element = figure.querySelector(kind);
      if (!on) {
        element?.remove();
        return;
      }
      if (!element) {
        element = document.createElement(kind);
        element.autoplay = true;
        element.playsInline = true;
        if (kind === "video") {
          element.className = "tandem-group-video";
          element.muted = true; // sound comes through the audio element
          element.setAttribute("aria-label", word("videoOf", { name }));
          element.dataset.peer = name;
        }
        figure.prepend(element);
      }
      element.srcObject = new MediaStream([track]);
    },
    oncleanup: () => { if (current()) dropTile(feed); },
  });
}

function publishersIn(janus, list) {
  for (const p of list || []) subscribe(janus, p.id, p.display);
}

function publish() {
  publisher.createOffer({
    // Sound first, so its media id is "0": the server mutes by that id.
    tracks: [
      { type: "audio", capture: true, recv: false },
      { type: "video", capture: { width: 320, height: 240 }, recv: false },
    ],
    success: (jsep) => publisher.send({ message: { request: "configure", audio: true, video: true }, jsep }),
    error: () => say(word("noDevices")),
  });
}

let leaving = false;
function leaveTo(url) {
  // Janus and the chat socket may both say the member was removed: go once.
  if (leaving) return;
  leaving = true;
  window.location.assign(url);
}

// Janus says the room is gone or this person was removed, or Janus stops
// answering (it refuses a token Tandem took out after the session ended or the
// member was removed, so its own notice can be lost). Tandem's record decides
// (ADR 0059): asked for this page's address, Tandem answers 204 while it still
// has this person in the call (Janus may be a moment ahead of it); otherwise
// the page goes where Tandem sends it: the ended page, or the one saying they
// were removed. If Tandem keeps them in the call, video has stopped: say so,
// with the phone number (HAZ-304, HAZ-328).
const ASK_EVERY_MS = 1000;
let asking = false;
async function askTandem(times) {
  if (asking || leaving) return;
  asking = true;
  try {
    for (let asked = 1; asked <= times && !leaving; asked += 1) {
      const answer = await fetch(window.location.pathname, { headers: { "X-Requested-With": "fetch" } });
      if (answer.status !== 204) {
        await answer.text(); // read to the end, so that leaving does not cut it off
        leaveTo(answer.url);
        return;
      }
      if (asked < times) await new Promise((resolve) => { setTimeout(resolve, ASK_EVERY_MS); });
    }
    if (!leaving) down();
  } catch {
    down();
  } finally {
    asking = false;
  }
}
// Janus only destroys a room or kicks someone when Tandem asks, so Tandem will
// soon agree: ask for longer than when Janus merely stops answering.
const ASK_AFTER_JANUS_SAYS = 15;
const ASK_AFTER_JANUS_STOPS = 3;

function start() {
  const janus = new Janus({
    server: config.server,
    token: config.token,
    success: () => {
      janus.attach({
        plugin: "janus.plugin.videoroom",
        success: (handle) => {
          publisher = handle;
          publisher.send({
            message: {
              request: "join", ptype: "publisher", room: config.room, pin: config.pin,
              id: config.id, display: config.name, token: config.token,
            },
          });
        },
        error: () => askTandem(ASK_AFTER_JANUS_STOPS),
        onmessage: (msg, jsep) => {
          const kind = msg.videoroom;
          if (kind === "joined") {
            say(word("inCall"));
            publish();
            publishersIn(janus, msg.publishers);
          } else if (kind === "destroyed") {
            askTandem(ASK_AFTER_JANUS_SAYS);
          } else if (kind === "event") {
            publishersIn(janus, msg.publishers);
            if (msg.leaving === "ok" && msg.reason === "kicked") {
              askTandem(ASK_AFTER_JANUS_SAYS);
            } else if (msg.leaving) {
              dropTile(msg.leaving);
            }
            // Someone else removed: their tile goes now, so that when let back in
            // they are shown afresh.
            if (msg.kicked) dropTile(msg.kicked);
            if (msg.unpublished && msg.unpublished !== "ok") dropTile(msg.unpublished);
            if (msg.error_code === 436) {
              // Our previous page's place has not gone yet: try again shortly.
              setTimeout(() => leaveTo(window.location.href), 2000);
            } else if (msg.error) {
              say(word("couldNotJoin"));
            }
          }
          if (jsep) publisher.handleRemoteJsep({ jsep });
        },
        onlocaltrack: (track, on) => {
          if (track.kind !== "video") return;
          const local = document.getElementById("groupcall-local");
          local.srcObject = on ? new MediaStream([track]) : null;
        },
      });
    },
    error: () => askTandem(ASK_AFTER_JANUS_STOPS),
  });
}

function toggles() {
  const mic = document.getElementById("groupcall-mic");
  mic.addEventListener("click", () => {
    if (!publisher) return;
    const muted = publisher.isAudioMuted();
    if (muted) publisher.unmuteAudio(); else publisher.muteAudio();
    mic.setAttribute("aria-pressed", String(!muted));
    mic.textContent = muted ? word("mute") : word("unmute");
  });
  const camera = document.getElementById("groupcall-camera");
  camera.addEventListener("click", () => {
    if (!publisher) return;
    const off = publisher.isVideoMuted();
    if (off) publisher.unmuteVideo(); else publisher.muteVideo();
    camera.setAttribute("aria-pressed", String(!off));
    camera.textContent = off ? word("cameraOff") : word("cameraOn");
  });
}

function chat() {
  const log = document.getElementById("groupcall-chat-log");
  const form = document.getElementById("groupcall-chat");
  const input = document.getElementById("groupcall-chat-text");
  const scheme = window.location.protocol === "https:" ? "wss" : "ws";
  const socket = new WebSocket(`${scheme}://${window.location.host}${config.socket}`);
  socket.addEventListener("message", (event) => {
    const data = JSON.parse(event.data);
    if (data.type === "chat") {
      const item = document.createElement("li");
      const who = document.createElement("strong");
      who.textContent = `${data.from}: `;
      item.append(who, document.createTextNode(data.text));
      log.append(item);
    }
  });
  socket.addEventListener("close", (event) => {
    // Closed by the server: this person was removed (Janus says so too; whichever is first).
    if (event.code === 4403) askTandem(ASK_AFTER_JANUS_SAYS);
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text || socket.readyState !== WebSocket.OPEN) return;
    socket.send(JSON.stringify({ type: "chat", text }));
    input.value = "";
  });
}

function csrf() {
  return document.querySelector("input[name=csrfmiddlewaretoken]").value;
}

function signalControl() {
  // The agreed control: ordinary words on this screen; only the facilitators are told.
  const form = document.getElementById("groupcall-signal");
  if (!form) return;
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const body = new FormData(form);
    await fetch(form.action, { method: "POST", body, headers: { "X-Requested-With": "fetch" } });
    document.getElementById("groupcall-signal-result").textContent = form.dataset.reply;
  });
}

function facilitatorPanel() {
  // Refreshed every few seconds without reloading the page (a reload would drop the call).
  const panel = document.getElementById("groupcall-panel");
  if (!panel) return;
  const refresh = async () => {
    const answer = await fetch(panel.dataset.url, { headers: { "X-Requested-With": "fetch" } });
    if (answer.status === 200) panel.innerHTML = await answer.text();
  };
  panel.addEventListener("submit", async (event) => {
    event.preventDefault();
    const form = event.target;
    await fetch(form.action, {
      method: "POST", body: new FormData(form), headers: { "X-Requested-With": "fetch", "X-CSRFToken": csrf() },
    });
    await refresh();
  });
  setInterval(refresh, 3000);
}

function endForEveryone() {
  // The facilitator's own page goes to the answer of the form it sent; the
  // notices Janus sends it meanwhile need no answer.
  document.getElementById("groupcall-end")?.addEventListener("submit", () => { leaving = true; });
}

toggles();
endForEveryone();
chat();
signalControl();
facilitatorPanel();
Janus.init({ debug: false, callback: start });
