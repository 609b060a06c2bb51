/* Volunteer scanner: camera (jsQR), keyboard-wedge scanners and typed short codes; an
 * offline list to judge badges without the network; an IndexedDB queue of scans that
 * survives reloads and is sent, exactly once each (client_scan_id), when the network returns. */
(function () {
  "use strict";
  const body = document.body;
  const TOKEN = body.dataset.token;
  const API = body.dataset.api;
  const data = (id) => JSON.parse(document.getElementById(id).textContent);
  const T = data("scanner-text");
  const OUTCOMES = data("scan-outcomes"); // the server's ScanOutcome: names → values, values → colours
  const O = OUTCOMES.names;
  const colour = (outcome) => OUTCOMES.colours[outcome] || "red";
  const SAME_CODE_MS = 4000;   // the same code seen again this soon is the camera seeing it twice
  const LIST_EVERY_MS = 60000; // refresh the offline list (only what changed since the last one)
  const FULL_LIST_EVERY_MS = 10 * 60000; // and the whole of it now and then (names edited meanwhile)
  const FLUSH_EVERY_MS = 5000;

  const $ = (id) => document.getElementById(id);

  // --- storage: IndexedDB queue and offline list ------------------------------------
  let dbPromise = null;
  function idb() {
    if (!dbPromise) {
      dbPromise = new Promise((resolve, reject) => {
        const req = indexedDB.open("wg-scanner", 1);
        req.onupgradeneeded = () => {
          req.result.createObjectStore("queue", { keyPath: "client_scan_id" });
          req.result.createObjectStore("meta");
        };
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
    }
    return dbPromise;
  }
  async function store(name, mode, fn) {
    const db = await idb();
    return new Promise((resolve, reject) => {
      const tx = db.transaction(name, mode);
      const result = fn(tx.objectStore(name));
      tx.oncomplete = () => resolve(result && result.result !== undefined ? result.result : result);
      tx.onerror = () => reject(tx.error);
    });
  }
  const queueAdd = (scan) => store("queue", "readwrite", (s) => s.put(scan));
  const queueDelete = (id) => store("queue", "readwrite", (s) => s.delete(id));
  const queueAll = () => store("queue", "readonly", (s) => s.getAll());
  const metaGet = (key) => store("meta", "readonly", (s) => s.get(key));
  const metaPut = (key, value) => store("meta", "readwrite", (s) => s.put(value, key));

  // --- helpers -----------------------------------------------------------------------
  function normalise(text) { return (text || "").toUpperCase().replace(/[\s\-]/g, ""); }
  function uuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
    const h = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }
  async function shortHash(text) {
    // What the offline list carries (services/checkin/offline.py): 9 bytes of SHA-256, base64url.
    const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
    return btoa(String.fromCharCode(...digest.slice(0, 9))).replace(/\+/g, "-").replace(/\//g, "_");
  }
  function api(path, options) {
    // The verdicts' words in the page's language (the volunteer's choice), not the phone's.
    const headers = Object.assign({ Authorization: "Bearer " + TOKEN, "Accept-Language": document.documentElement.lang || "vi" },
                                  (options && options.headers) || {});
    return fetch(API + path, Object.assign({}, options, { headers, cache: "no-store" }));
  }

  // --- feedback ----------------------------------------------------------------------
  let audio = null;
  function beep(colour) {
    try {
      audio = audio || new (window.AudioContext || window.webkitAudioContext)();
      const tones = { green: [880], amber: [660, 660], red: [220, 180] }[colour];
      tones.forEach((freq, i) => {
        const osc = audio.createOscillator(); const gain = audio.createGain();
        osc.frequency.value = freq; osc.connect(gain); gain.connect(audio.destination);
        const start = audio.currentTime + i * 0.18;
        gain.gain.setValueAtTime(0.25, start); gain.gain.exponentialRampToValueAtTime(0.001, start + 0.16);
        osc.start(start); osc.stop(start + 0.17);
      });
    } catch (e) { /* no sound on this phone */ }
    if (navigator.vibrate) navigator.vibrate({ green: 80, amber: [80, 60, 80], red: [300] }[colour]);
  }
  let hideTimer = null;
  function show(verdict, offline) {
    const box = $("verdict");
    box.dataset.colour = verdict.colour;
    box.dataset.outcome = verdict.outcome;
    $("verdict-title").textContent = T[verdict.colour];
    $("verdict-name").textContent = verdict.person ? verdict.person.full_name : "";
    $("verdict-unit").textContent = verdict.person ? `${verdict.person.unit} · ${verdict.person.role_label}` : "";
    $("verdict-message").textContent = verdict.message;
    $("verdict-offline").hidden = !offline;
    box.hidden = false;
    beep(verdict.colour);
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hide, verdict.colour === "green" ? 2500 : 5000);
  }
  function hide() { $("verdict").hidden = true; $("code").focus(); }
  $("verdict").addEventListener("click", hide);

  // --- the phone's clock -------------------------------------------------------------
  // Corrected by the server's at each list fetch (half the round trip aside): hours, daily
  // slots and the time sent with an offline scan all read serverNow(), whatever the phone says.
  let clockOffset = 0;
  let clockMeasured = false;  // this page has measured it (a stored, older offset must not undo that)
  const serverNow = () => Date.now() + clockOffset;
  function localDay(ms, offsetMinutes) {
    // A daily slot: the date in the event's time zone (services/checkin/rules.slot_for).
    return new Date(ms + offsetMinutes * 60000).toISOString().slice(0, 10);
  }

  // --- judging offline ---------------------------------------------------------------
  // The list as kept on the phone: entries by token hash, each {t, c, name, unit, role, reason, slot};
  // the server sends it compact (texts once each, indexes) and then only what changed.
  const FORMAT = 3;
  let offlineList = null;   // {format, checkpoint, window, version, sequence, key, fetchedAt, entries: {t: entry}}
  let byHash = new Map();   // token or short-code hash → entry
  function index(list) {
    byHash = new Map();
    for (const e of Object.values(list.entries)) { byHash.set(e.t, e); byHash.set(e.c, e); }
  }
  function merge(base, answer) {
    const list = answer.full || !base
      ? { entries: {} }
      : { entries: Object.assign({}, base.entries) };
    for (const t of answer.removed || []) delete list.entries[t];
    for (const [t, c, name, unit, role, reason, slot] of answer.badges) {
      list.entries[t] = { t, c, name, unit: answer.units[unit], role: answer.roles[role],
                          reason: reason >= 0 ? answer.reasons[reason] : null, slot };
    }
    return Object.assign(list, { format: answer.format, checkpoint: answer.checkpoint, window: answer.window,
                                 version: answer.version, sequence: answer.sequence, key: answer.key,
                                 fetchedAt: answer.full || !base ? Date.now() : base.fetchedAt });
  }
  async function loadList() {
    let base = offlineList || (await metaGet("offline-list")) || null;
    if (base && (!base.entries || base.format !== FORMAT)) base = null;  // an older phone's list: fetch it whole
    try {
      const whole = !base || Date.now() - (base.fetchedAt || 0) > FULL_LIST_EVERY_MS;
      const query = whole ? "" : `?since=${encodeURIComponent(base.version)}&after=${base.sequence}` +
                                 `&key=${encodeURIComponent(base.key)}`;
      const sent = Date.now();
      const res = await api("/checkpoint/offline-list" + query);
      if (res.status === 401) { setOnline(true, T.revokedDevice); return; }
      if (res.ok) {
        const answer = await res.json();
        clockOffset = Date.parse(answer.generated_at) - (sent + Date.now()) / 2;
        clockMeasured = true;
        await metaPut("clock-offset", clockOffset);
        offlineList = merge(whole ? null : base, answer);
        await metaPut("offline-list", offlineList);
      }
    } catch (e) { offlineList = offlineList || base; }
    if (offlineList) index(offlineList);
  }
  function isOpen(hours, now) {
    // services/checkin/rules.is_open, at the moment of the scan
    return hours.active && !(hours.opens_at && now < Date.parse(hours.opens_at))
      && !(hours.closes_at && now > Date.parse(hours.closes_at));
  }
  function slotAt(now) {
    const frequency = offlineList.checkpoint.frequency;
    if (frequency === "once") return "once";
    return frequency === "daily" ? localDay(now, offlineList.window.utc_offset_minutes) : null;
  }
  async function admittedHereUnsent(entry, slot) {
    // Admissions this phone made offline and has not sent yet (the list it fetched since cannot know them).
    for (const scan of await queueAll()) {
      if (scan.offline_outcome === O.ADMITTED && scan.hash === entry.t && scan.slot === slot) return true;
    }
    return false;
  }
  async function judgeOffline(code, now) {
    if (!offlineList) {
      offlineList = (await metaGet("offline-list")) || null;
      if (offlineList && (!offlineList.entries || offlineList.format !== FORMAT)) offlineList = null;
      if (offlineList) index(offlineList);
    }
    if (!offlineList) return { outcome: O.UNKNOWN, colour: colour(O.UNKNOWN), message: T.offlineUnknown, person: null };
    const hash = await shortHash(code);
    const entry = byHash.get(hash);
    const verdict = (outcome, message, person, slot) => ({ outcome, colour: colour(outcome), message, person,
                                                          hash: entry && entry.t, slot });
    if (!entry) return verdict(O.UNKNOWN, T.offlineUnknown, null);
    const person = { full_name: entry.name, unit: entry.unit, role_label: entry.role };
    const hours = offlineList.window;
    if (!isOpen(hours, now)) return verdict(hours.reason[0], hours.reason[1], person);
    if (entry.reason) return verdict(entry.reason[0] || O.NOT_ALLOWED, entry.reason[1], person);
    const slot = slotAt(now);
    if (slot && (entry.slot === slot || (await admittedHereUnsent(entry, slot)))) {
      const booth = offlineList.checkpoint.kind === "booth";
      return verdict(booth ? O.LIMIT_REACHED : O.REPEAT, T.offlineRepeat, person);
    }
    return verdict(O.ADMITTED, T.offlineAdmitted, person, slot);
  }

  // --- sending -----------------------------------------------------------------------
  function setOnline(online, note) {
    const net = $("net");
    net.dataset.online = online ? "1" : "0";
    net.textContent = note || (online ? T.online : T.offline);
  }
  async function refreshPending() { $("pending").textContent = String((await queueAll()).length); }

  class Revoked extends Error {}
  async function send(queued) {
    const { hash, slot, ...scan } = queued;  // what the phone keeps for itself stays on the phone
    const res = await api("/scans", { method: "POST", headers: { "Content-Type": "application/json" },
                                      body: JSON.stringify(scan) });
    if (res.status === 401) throw new Revoked();  // the device link was revoked: nothing to retry
    if (res.status === 400 && scan.scanned_at) {
      const body = await res.json().catch(() => ({}));
      if (body.field === "scanned_at") {  // the phone's clock is not believed: the server's time, then
        const { scanned_at, ...untimed } = scan;
        return send(untimed);
      }
    }
    if (!res.ok) throw new Error("HTTP " + res.status);
    return res.json();
  }

  const lastSeen = new Map();
  async function submit(raw, fromCamera) {
    const code = normalise(raw);
    if (!code) return;
    if (fromCamera) {  // the camera sees one badge many times a second; a typed code is meant each time
      const seen = Date.now();
      if (lastSeen.has(code) && seen - lastSeen.get(code) < SAME_CODE_MS) return;
      lastSeen.set(code, seen);
    }
    const now = serverNow();
    const scan = { code, client_scan_id: uuid(), scanned_at: new Date(now).toISOString() };
    try {
      if (!navigator.onLine) throw new Error("offline");
      const { scanned_at, ...untimed } = scan;  // online: the server's clock is the time of the scan
      const verdict = await send(untimed);
      setOnline(true);
      show(verdict, false);
      refreshCounts();
    } catch (e) {
      if (e instanceof Revoked) {
        setOnline(true, T.revokedDevice);
        show({ outcome: "revoked_device", colour: "red", message: T.revokedDevice, person: null }, false);
        return;
      }
      setOnline(false);
      const verdict = await judgeOffline(code, now);
      scan.offline_outcome = verdict.outcome;
      if (verdict.outcome === O.ADMITTED) Object.assign(scan, { hash: verdict.hash, slot: verdict.slot });
      await queueAdd(scan);
      await refreshPending();
      show(verdict, true);
    }
  }

  let flushing = false;
  async function flush() {
    if (flushing || !navigator.onLine) return;
    flushing = true;
    let sent = 0;
    try {
      for (const scan of await queueAll()) {
        await send(scan);            // the server records each client_scan_id once
        await queueDelete(scan.client_scan_id);
        sent += 1;
      }
      setOnline(true);
    } catch (e) {
      setOnline(e instanceof Revoked, e instanceof Revoked ? T.revokedDevice : undefined);
    } finally {
      flushing = false;
      await refreshPending();
      if (sent) refreshCounts();  // the offline scans just sent count on the server now
    }
  }

  async function refreshCounts() {
    try {
      const res = await api("/checkpoint");
      if (res.ok) $("admitted-count").textContent = String((await res.json()).people_admitted);
    } catch (e) { /* offline */ }
  }

  // --- inputs ------------------------------------------------------------------------
  $("manual").addEventListener("submit", (event) => {
    event.preventDefault();
    const input = $("code");
    submit(input.value);
    input.value = "";
  });
  $("search").addEventListener("submit", async (event) => {
    event.preventDefault();
    const list = $("results");
    list.innerHTML = "";
    try {
      const res = await api("/people?q=" + encodeURIComponent($("q").value));
      const people = res.ok ? (await res.json()).people : [];
      if (!people.length) { list.innerHTML = `<li>${T.nothingFound}</li>`; return; }
      for (const p of people) {
        const li = document.createElement("li");
        const button = document.createElement("button");
        button.className = "btn btn-outline-light btn-sm";
        button.textContent = `${p.full_name} – ${p.unit} (${p.role_label})`;
        button.addEventListener("click", () => submit(p.short_code));
        li.appendChild(button); list.appendChild(li);
      }
    } catch (e) { list.innerHTML = `<li>${T.offline}</li>`; }
  });

  async function startCamera() {
    const video = $("camera"); const canvas = $("frame");
    try {
      const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false });
      video.srcObject = stream;
      await video.play();
    } catch (e) {
      $("camera-hint").textContent = T.noCamera;
      return;
    }
    const ctx = canvas.getContext("2d", { willReadFrequently: true });
    function tick() {
      if (video.readyState >= 2 && $("verdict").hidden) {
        const w = video.videoWidth, h = video.videoHeight;
        if (w && h) {
          const scale = Math.min(1, 640 / w);
          canvas.width = Math.round(w * scale); canvas.height = Math.round(h * scale);
          ctx.drawImage(video, 0, 0, canvas.width, canvas.height);
          const image = ctx.getImageData(0, 0, canvas.width, canvas.height);
          const found = window.jsQR(image.data, image.width, image.height, { inversionAttempts: "dontInvert" });
          if (found && found.data) submit(found.data, true);
        }
      }
      setTimeout(tick, 120);
    }
    tick();
  }

  // --- start -------------------------------------------------------------------------
  window.addEventListener("online", () => { setOnline(true); flush(); loadList(); });
  window.addEventListener("offline", () => setOnline(false));
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register(body.dataset.sw, { scope: body.dataset.scope }).catch(() => {});
  }
  setOnline(navigator.onLine);
  metaGet("clock-offset").then((offset) => { if (!clockMeasured && offset) clockOffset = offset; });
  refreshPending();
  loadList();
  refreshCounts();
  flush();
  setInterval(flush, FLUSH_EVERY_MS);
  setInterval(() => { if (navigator.onLine) { loadList(); refreshCounts(); } }, LIST_EVERY_MS);
  startCamera();
  window.scanner = { submit, flush, refresh: loadList, pending: async () => (await queueAll()).length,
                     listKey: () => offlineList && offlineList.key };
})();
