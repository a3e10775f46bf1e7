// Video calls: the device check, the waiting room's quick move on, and the call itself.
// A mesh of RTCPeerConnections (up to four people), signalled over the call's WebSocket.
// Nothing is recorded: sound and pictures go browser to browser.

const byId = (id) => document.getElementById(id)
// Times the call opens its signalling socket again after the server went away
// (1 s, doubled each time: about a minute in all) before telling the person.
const RECONNECT_TRIES = 6

function socketUrl (path) {
  const scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:'
  return `${scheme}//${window.location.host}${path}`
}

function csrfToken () {
  const input = document.querySelector('input[name=csrfmiddlewaretoken]')
  return input ? input.value : ''
}

// The words this script writes, handed over by the page already in the
// reader's language (consult/_script_words.jinja, ADR 0061): none are kept here.
const wordsElement = byId('consult-words')
const WORDS = wordsElement ? JSON.parse(wordsElement.textContent) : {}

function word (key, values = {}) {
  let text = WORDS[key] || ''
  for (const [name, value] of Object.entries(values)) text = text.replace(`{${name}}`, () => value)
  return text
}

function say (id, text) {
  const el = byId(id)
  if (el) el.textContent = text
}

// --- 'Check my sound': the control agreed in advance for 'I can't talk freely' -------

function enhanceSoundCheck () {
  for (const form of document.querySelectorAll('form[data-consult-sound]')) {
    form.addEventListener('submit', async (event) => {
      event.preventDefault()
      try {
        await fetch(form.action, {
          method: 'POST',
          headers: { 'X-CSRFToken': csrfToken(), Accept: 'application/json' },
          credentials: 'same-origin'
        })
      } finally {
        say('consult-sound-result', form.dataset.reply)
      }
    })
  }
}

// --- Device check -----------------------------------------------------------------------

function problemWith (error) {
  if (error && error.name === 'NotAllowedError') {
    return word('blocked')
  }
  if (error && error.name === 'NotFoundError') return word('notFound')
  if (error && error.name === 'NotReadableError') return word('inUse')
  return word('notWorking')
}

async function deviceCheck (root) {
  let stream = null
  try {
    stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: true })
  } catch (error) {
    say('consult-camera', problemWith(error))
    say('consult-microphone', problemWith(error))
  }
  if (stream) {
    byId('consult-preview').srcObject = stream
    say('consult-camera', stream.getVideoTracks().length ? word('cameraWorking') : problemWith(null))
    if (stream.getAudioTracks().length) {
      say('consult-microphone', word('listening'))
      const context = new AudioContext()
      const analyser = context.createAnalyser()
      context.createMediaStreamSource(stream).connect(analyser)
      const samples = new Uint8Array(analyser.fftSize)
      const started = Date.now()
      const listen = () => {
        analyser.getByteTimeDomainData(samples)
        const loudest = Math.max(...samples.map((v) => Math.abs(v - 128)))
        if (loudest > 4) {
          say('consult-microphone', word('hearing'))
        } else if (Date.now() - started > 8000) {
          say('consult-microphone', word('notHearing'))
        } else {
          window.requestAnimationFrame(listen)
        }
      }
      listen()
    }
  }
  const times = []
  for (let i = 0; i < 3; i++) {
    const before = performance.now()
    try {
      await fetch(root.dataset.ping, { cache: 'no-store' })
      times.push(performance.now() - before)
    } catch (error) {
      say('consult-connection', word('offline'))
      return
    }
  }
  const slowest = Math.max(...times)
  say('consult-connection', slowest < 800
    ? word('connectionWorking')
    : word('connectionSlow'))
}

// --- Waiting room -----------------------------------------------------------------------

function waitingRoom (root) {
  // The socket says at once; asking every few seconds covers a lost socket.
  const socket = new WebSocket(socketUrl(root.dataset.socket))
  // Move on once: when the socket and the poll both say 'admitted' together, a
  // second navigation would cut off the first and load the call page twice
  // (on a slow phone, a visible stutter and twice the data).
  let moving = false
  const moveTo = (url) => {
    if (moving) return
    moving = true
    window.clearInterval(polling)
    window.location.assign(url)
  }
  socket.addEventListener('message', (event) => {
    const message = JSON.parse(event.data)
    if (message.type === 'admitted') moveTo(root.dataset.call)
  })
  const polling = window.setInterval(async () => {
    if (moving) return
    const response = await fetch(root.dataset.poll, { credentials: 'same-origin', cache: 'no-store' })
    // Read the reply to the end, so the request is finished (not cut off) if we move on.
    await response.text()
    if (!response.url.endsWith(root.dataset.poll)) moveTo(response.url)
  }, Number(root.dataset.seconds) * 1000)
}

// Staff waiting room: the list is fetched again and replaced, without reloading the page.
function refreshList (root) {
  window.setInterval(async () => {
    const response = await fetch(window.location.href, { credentials: 'same-origin', cache: 'no-store' })
    if (!response.ok) return
    const fresh = new DOMParser().parseFromString(await response.text(), 'text/html').getElementById(root.id)
    if (fresh) root.innerHTML = fresh.innerHTML
  }, Number(root.dataset.seconds) * 1000)
}

// --- The call ---------------------------------------------------------------------------

class Call {
  constructor (config) {
    this.config = config
    // participant id -> { pc, tile, video, conn, pending }. For each pair the one with the
    // higher id makes the offer, once per connection of the other (conn), so two people
    // joining at the same moment never both offer.
    this.peers = new Map()
    this.names = new Map()
    this.me = config.me
    this.started = performance.now()
    this.connectedAt = null
    this.local = null
    this.queue = Promise.resolve()
    this.ended = false
    this.attempted = false // whether anyone else was ever in the call with us
    this.resent = new Map() // a set-up message's id -> times handed back by the server
    this.ids = 0 // the last id given to a set-up message (offer, answer, candidate)
    this.reconnects = 0 // tries since the signalling socket was last open
  }

  async start () {
    this.local = await this.media()
    byId('consult-local').srcObject = this.local
    this.connect()
    this.controls()
    window.addEventListener('pagehide', () => this.end('lost'))
  }

  connect () {
    const socket = new WebSocket(socketUrl(this.config.socket))
    this.socket = socket
    socket.addEventListener('open', () => { this.reconnects = 0 })
    socket.addEventListener('message', (event) => {
      // One message at a time, in order, so candidates never overtake their offer.
      this.queue = this.queue.then(() => this.handle(JSON.parse(event.data))).catch((error) => {
        console.info('Video call message not handled', error)
      })
    })
    socket.addEventListener('close', (event) => {
      if (this.ended || socket !== this.socket || event.code === 4000) return
      // The server closed with a reason of its own (4001 and up: not allowed,
      // not open, busy, flooding): say so. Otherwise the app server itself went
      // away (a restart, a lost machine; ADR 0046): open the socket again, and
      // the proxy sends it to a server still running; the call is set up again
      // from the welcome it sends.
      if (event.code < 4000 && this.reconnects < RECONNECT_TRIES) {
        this.reconnects += 1
        say('consult-status', word('reconnecting'))
        window.setTimeout(() => { if (!this.ended) this.connect() }, 500 * 2 ** this.reconnects)
        return
      }
      say('consult-status', word('lost'))
    })
  }

  async media () {
    for (const constraints of [{ audio: true, video: true }, { audio: true, video: false }]) {
      try {
        return await navigator.mediaDevices.getUserMedia(constraints)
      } catch (error) {
        // Try with less, then carry on with chat only.
      }
    }
    say('consult-status', word('noDevices'))
    return new MediaStream()
  }

  send (message) {
    if (this.socket.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(message))
  }

  // An offer, answer or candidate, with an id of its own that it keeps when it is sent
  // again: the server passes on a copy with the same id once, and never mistakes two
  // messages that happen to say the same thing for copies (ADR 0082).
  signal (kind, to, data) {
    this.ids += 1
    this.send({ type: kind, to, data, id: String(this.ids) })
  }

  resend (failed) {
    if (failed.kind === 'chat') {
      say('consult-status', word('chatNotSent'))
      return
    }
    // The server could not pass it on (too busy, or the other side did not
    // confirm it in time) and handed it back whole: send it again after a moment,
    // a few times, so setting up the call does not stall. Counted per message, so
    // one candidate's tries do not use up another's; sent with its own id, so a
    // copy that arrives twice is passed on once (ADR 0077, ADR 0082).
    const tries = (this.resent.get(failed.id) || 0) + 1
    this.resent.set(failed.id, tries)
    if (tries > 5) return
    const again = { type: failed.kind, to: failed.to, data: failed.data, id: failed.id }
    window.setTimeout(() => this.send(again), 250 * 2 ** tries)
  }

  async handle (message) {
    switch (message.type) {
      case 'welcome':
        this.me = message.me
        say('consult-status', message.peers.length ? word('connecting') : word('waitingForOthers'))
        for (const peer of message.peers) {
          this.names.set(peer.id, peer.name)
          if (this.me > peer.id) await this.offer(peer.id, peer.conn)
        }
        break
      case 'peer-joined':
        this.names.set(message.id, message.name)
        say('consult-status', word('joining', { name: message.name }))
        if (this.me > message.id) await this.offer(message.id, message.conn)
        break
      case 'offer': {
        const peer = this.peer(message.from, message.conn)
        await peer.pc.setRemoteDescription(message.data)
        await this.flush(peer)
        const answer = await peer.pc.createAnswer()
        await peer.pc.setLocalDescription(answer)
        this.signal('answer', message.from, peer.pc.localDescription)
        break
      }
      case 'answer': {
        const peer = this.peers.get(message.from)
        if (peer && peer.conn === message.conn && peer.pc.signalingState === 'have-local-offer') {
          await peer.pc.setRemoteDescription(message.data)
          await this.flush(peer)
        }
        break
      }
      case 'candidate': {
        const peer = this.peers.get(message.from)
        if (!peer || peer.conn !== message.conn || !message.data) break
        if (peer.pc.remoteDescription) await peer.pc.addIceCandidate(message.data)
        else peer.pending.push(message.data)
        break
      }
      case 'peer-left':
        if (this.peers.has(message.id) && this.peers.get(message.id).conn !== message.conn) break
        this.drop(message.id)
        say('consult-status', this.peers.size ? word('someoneLeft') : word('othersLeft'))
        break
      case 'chat':
        this.chatLine(message.name, message.text)
        break
      case 'cant-talk': {
        const panel = byId('consult-cant-talk')
        if (panel) panel.hidden = false
        break
      }
      case 'removed':
        this.ended = true
        say('consult-status', message.why === 'staff'
          ? word('removedByStaff')
          : word('removedByPerson'))
        this.close()
        break
      case 'replaced':
        this.ended = true
        say('consult-status', word('replaced'))
        this.close()
        break
      case 'busy':
        this.ended = true
        say('consult-status', word('busy'))
        break
      case 'error':
        if (message.code === 'not-delivered') this.resend(message)
        else console.info('Video call:', message.code, message.message)
        break
    }
  }

  peer (id, conn) {
    // Always a new connection: an offer means the other side starts again.
    this.drop(id)
    const name = this.names.get(id) || ''
    this.attempted = true
    const pc = new RTCPeerConnection({
      iceServers: this.config.iceServers,
      iceTransportPolicy: this.config.iceTransportPolicy || 'all'
    })
    for (const track of this.local.getTracks()) pc.addTrack(track, this.local)
    if (!this.local.getVideoTracks().length) pc.addTransceiver('video', { direction: 'recvonly' })
    if (!this.local.getAudioTracks().length) pc.addTransceiver('audio', { direction: 'recvonly' })
    const tile = document.createElement('figure')
    tile.className = 'tandem-video-tile'
    const video = document.createElement('video')
    video.autoplay = true
    video.playsInline = true
    video.className = 'tandem-video'
    video.dataset.peer = String(id)
    video.setAttribute('aria-label', name ? word('cameraOf', { name }) : word('cameraOfSomeone'))
    const caption = document.createElement('figcaption')
    caption.textContent = name || word('inTheCall')
    tile.append(video, caption)
    // The others' video comes first; one's own picture stays last (small, on phones).
    byId('consult-local').closest('figure').before(tile)
    const peer = { pc, tile, video, conn, pending: [] }
    pc.addEventListener('icecandidate', (event) => {
      if (event.candidate) this.signal('candidate', id, event.candidate)
    })
    pc.addEventListener('track', (event) => {
      if (video.srcObject !== event.streams[0]) video.srcObject = event.streams[0]
    })
    pc.addEventListener('connectionstatechange', () => {
      if (pc.connectionState === 'connected') {
        if (this.connectedAt === null) this.connectedAt = performance.now()
        say('consult-status', word('inCall'))
      } else if (pc.connectionState === 'failed') {
        say('consult-status', word('videoFailed'))
      }
    })
    this.peers.set(id, peer)
    return peer
  }

  async offer (id, conn) {
    const existing = this.peers.get(id)
    if (existing && existing.conn === conn) return // already offered to this connection
    const peer = this.peer(id, conn)
    const offer = await peer.pc.createOffer()
    await peer.pc.setLocalDescription(offer)
    this.signal('offer', id, peer.pc.localDescription)
  }

  async flush (peer) {
    for (const candidate of peer.pending.splice(0)) await peer.pc.addIceCandidate(candidate)
  }

  drop (id) {
    const peer = this.peers.get(id)
    if (!peer) return
    peer.pc.close()
    peer.tile.remove()
    this.peers.delete(id)
  }

  chatLine (name, text) {
    const item = document.createElement('li')
    const who = document.createElement('strong')
    who.textContent = `${name}: `
    item.append(who, document.createTextNode(text))
    byId('consult-chat-log').append(item)
  }

  controls () {
    const toggle = (button, kind, on, off) => {
      button.addEventListener('click', () => {
        const tracks = kind === 'video' ? this.local.getVideoTracks() : this.local.getAudioTracks()
        const nowOff = button.getAttribute('aria-pressed') !== 'true'
        for (const track of tracks) track.enabled = !nowOff
        button.setAttribute('aria-pressed', String(nowOff))
        button.textContent = nowOff ? on : off
      })
    }
    toggle(byId('consult-camera-toggle'), 'video', word('cameraOn'), word('cameraOff'))
    toggle(byId('consult-mic-toggle'), 'audio', word('unmute'), word('mute'))
    byId('consult-leave').addEventListener('click', () => {
      this.end('hung_up')
      say('consult-status', word('left'))
    })
    byId('consult-chat').addEventListener('submit', (event) => {
      event.preventDefault()
      const input = byId('consult-chat-text')
      const text = input.value.trim()
      if (!text) return
      this.send({ type: 'chat', text })
      input.value = ''
    })
  }

  async stats () {
    let relayUsed = false
    let lost = 0
    let received = 0
    let framesDecoded = 0
    for (const { pc } of this.peers.values()) {
      const report = await pc.getStats()
      const byIdMap = new Map()
      report.forEach((s) => byIdMap.set(s.id, s))
      report.forEach((s) => {
        if (s.type === 'candidate-pair' && s.nominated && s.state === 'succeeded') {
          const local = byIdMap.get(s.localCandidateId)
          if (local && local.candidateType === 'relay') relayUsed = true
        }
        if (s.type === 'inbound-rtp') {
          lost += s.packetsLost || 0
          received += s.packetsReceived || 0
          if (s.kind === 'video') framesDecoded += s.framesDecoded || 0
        }
      })
    }
    const total = lost + received
    return {
      relayUsed,
      packetLossPercent: total ? Math.round((10000 * lost) / total) / 100 : 0,
      framesDecoded
    }
  }

  close () {
    for (const id of [...this.peers.keys()]) this.drop(id)
    if (this.socket) this.socket.close()
    for (const track of this.local ? this.local.getTracks() : []) track.stop()
  }

  async end (ending) {
    if (this.ended) return
    this.ended = true
    const { relayUsed, packetLossPercent } = await this.stats()
    const report = {
      timeToConnectMs: this.connectedAt === null ? null : Math.round(this.connectedAt - this.started),
      relayUsed,
      packetLossPercent,
      durationSeconds: this.connectedAt === null ? 0 : Math.round((performance.now() - this.connectedAt) / 1000),
      ending: this.connectedAt === null ? 'never' : ending
    }
    this.close()
    if (!this.attempted) return // a page opened and left alone has no call to report
    this.reported = fetch(this.config.quality, {
      method: 'POST',
      keepalive: true,
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-CSRFToken': csrfToken() },
      body: JSON.stringify(report)
    })
    await this.reported
  }
}

enhanceSoundCheck()
const checkRoot = document.querySelector('[data-consult-check]')
if (checkRoot) deviceCheck(checkRoot)
const waitingRoot = document.querySelector('[data-consult-waiting]')
if (waitingRoot) waitingRoom(waitingRoot)
const listRoot = document.querySelector('[data-consult-refresh]')
if (listRoot) refreshList(listRoot)
const configElement = byId('consult-config')
if (configElement) {
  const call = new Call(JSON.parse(configElement.textContent))
  window.consultCall = call
  call.start()
}
