// The kiosk player: loops the playlist's valid items, switches to a newly published playlist at
// the next item boundary (no reload), and keeps looping what it has when the server is away.
// Plain JavaScript, no libraries: screens are often offline.
"use strict";

const params = new URLSearchParams(location.search);
const POLL_MS = 1000 * (parseFloat(params.get("poll")) || 15);  // ?poll=SECONDS
const CAPTION_LINE = 94;  // % of the picture height where captions end: the layouts' band bottom

const video = document.getElementById("player");
const headline = document.getElementById("headline");
const clock = document.getElementById("clock");
const idle = document.getElementById("idle");

const kiosk = {
  playing: [],        // the list being looped
  incoming: null,     // a newer list, taken at the next item boundary
  signature: "",      // what the last fetched list was, to notice a change
  current: null,      // the item on screen
  position: -1,
  online: false,
  blobs: new Map(),   // media path -> object URL, so the loop survives the server going away
  loadedAt: Date.now(),
};
window.kiosk = kiosk;  // for operators' debugging (and the browser test)

function validItems(items) {
  const now = Date.now();
  return items.filter((item) => Date.parse(item.valid_from) <= now && now < Date.parse(item.valid_until));
}

async function poll() {
  try {
    const response = await fetch("/playlist.json", { cache: "no-store" });
    if (!response.ok) throw new Error(`playlist: HTTP ${response.status}`);
    const playlist = await response.json();
    const items = Array.isArray(playlist.items) ? playlist.items : [];
    const signature = JSON.stringify(items.map((i) => [i.id, i.video, i.valid_from, i.valid_until]));
    kiosk.online = true;
    if (signature !== kiosk.signature) {
      kiosk.signature = signature;
      kiosk.incoming = items;
      prefetch(items);
      if (!kiosk.current) advance();  // nothing on screen yet: start now
    }
  } catch (error) {
    kiosk.online = false;  // keep looping what we have
  }
  document.body.dataset.online = kiosk.online;
}

// Keep a copy of every listed file in memory; drop copies no list needs any more.
async function prefetch(items) {
  const wanted = new Set();
  for (const list of [items, kiosk.playing]) {
    for (const item of list) for (const path of [item.video, item.captions, item.poster]) wanted.add(path);
  }
  for (const [path, url] of kiosk.blobs) {
    if (!wanted.has(path)) { URL.revokeObjectURL(url); kiosk.blobs.delete(path); }
  }
  for (const path of wanted) {
    if (kiosk.blobs.has(path)) continue;
    try {
      const response = await fetch("/" + path);
      if (response.ok) kiosk.blobs.set(path, URL.createObjectURL(await response.blob()));
    } catch (error) { /* offline: try again with the next playlist */ }
  }
}

function source(path) {
  return kiosk.blobs.get(path) || "/" + path;
}

function advance() {
  if (kiosk.incoming) {  // a new playlist takes over here, at an item boundary, from its newest item
    kiosk.playing = kiosk.incoming;
    kiosk.incoming = null;
    kiosk.position = -1;
  }
  const items = validItems(kiosk.playing);
  if (items.length === 0) {
    kiosk.current = null;
    video.removeAttribute("src");
    headline.textContent = "";
    idle.hidden = false;
    video.hidden = true;
    return;
  }
  kiosk.position = (kiosk.position + 1) % items.length;
  play(items[kiosk.position]);
}

function play(item) {
  kiosk.current = item;
  idle.hidden = true;
  video.hidden = false;
  headline.textContent = item.title;
  document.body.dataset.item = item.id;
  for (const old of video.querySelectorAll("track")) old.remove();
  video.poster = source(item.poster);
  video.src = source(item.video);
  const track = document.createElement("track");
  track.kind = "captions";
  track.label = "Captions";
  track.srclang = item.language || "en";
  track.src = source(item.captions);
  track.default = true;
  track.addEventListener("load", () => placeCues(track.track));
  video.appendChild(track);
  track.track.mode = "showing";  // captions on by default
  video.play().catch(() => { /* autoplay refused: the muted attribute normally prevents this */ });
}

// Cues end at the bottom of the layout's caption band, below the signer's hands.
function placeCues(textTrack) {
  for (const cue of Array.from(textTrack.cues || [])) {
    cue.snapToLines = false;
    cue.line = CAPTION_LINE;
    cue.lineAlign = "end";
  }
}

// Size the element to the picture, so captions are placed on the picture, not on the black bars.
function fitVideo() {
  if (!video.videoWidth) return;
  const stage = video.parentElement.getBoundingClientRect();
  const scale = Math.min(stage.width / video.videoWidth, stage.height / video.videoHeight);
  video.style.width = `${Math.floor(video.videoWidth * scale)}px`;
  video.style.height = `${Math.floor(video.videoHeight * scale)}px`;
}

video.addEventListener("loadedmetadata", fitVideo);
window.addEventListener("resize", fitVideo);
video.addEventListener("ended", advance);
video.addEventListener("error", () => setTimeout(advance, 1000));  // a missing file: go on

function tick() {
  const now = new Date();
  clock.textContent = now.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
  clock.dateTime = now.toISOString();
  // An item that expires while the list loops leaves at the next boundary (validItems).
}

tick();
setInterval(tick, 1000);
poll();
setInterval(poll, POLL_MS);
