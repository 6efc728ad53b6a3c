// The browser chat: signs in as a user (uid + the user's token), lists the user's conversations
// from /conversation/sync, reads history from /channel/messagesync and talks WKProto over the
// WebSocket port through jindou-client.js. Every text from the server or other users is put on
// the page with textContent, never parsed as HTML.

import { ChannelType, JindouClient, base64Decode, describeReason, utf8Decode } from "/chat/jindou-client.js";

const $ = (id) => document.getElementById(id);
const STORAGE_KEY = "jindou.chat.session";
const HISTORY_PAGE = 50;

const state = {
  uid: "",
  token: "",
  client: null,
  /** key "type:id" → { channelId, channelType, unread, preview, timestamp } */
  conversations: new Map(),
  /** the open conversation's key, or "" */
  active: "",
  /** key → Map(clientMsgNo → message) */
  threads: new Map(),
};

const keyOf = (channelType, channelId) => `${channelType}:${channelId}`;

// MARK: - HTTP API, signed in as the user

class APIError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

function credential() {
  return `WKUser ${encodeURIComponent(state.uid)}:${encodeURIComponent(state.token)}`;
}

async function api(method, path, body) {
  const headers = { Authorization: credential() };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  let response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (error) {
    throw new APIError(0, `The server cannot be reached (${error.message})`);
  }
  const text = await response.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    // Not JSON.
  }
  if (!response.ok) {
    const message = json && typeof json.msg === "string" ? json.msg : text || response.statusText;
    throw new APIError(response.status, `${response.status}: ${message}`);
  }
  return json;
}

// MARK: - Payloads

/** The text to show for a payload (bytes): the `content` of `{"type":1,"content":…}`, else the raw text. */
function displayText(bytes) {
  const text = utf8Decode(bytes);
  try {
    const json = JSON.parse(text);
    if (json && typeof json.content === "string") return json.content;
  } catch {
    // Not JSON: shown as it is.
  }
  return text;
}

function formatTime(seconds) {
  if (!seconds) return "";
  const date = new Date(seconds * 1000);
  const today = new Date();
  const sameDay = date.toDateString() === today.toDateString();
  return sameDay
    ? date.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })
    : date.toLocaleString([], { dateStyle: "short", timeStyle: "short" });
}

// MARK: - Sign-in

function showSignIn(message = "") {
  $("app").hidden = true;
  $("signin").hidden = false;
  $("signin-error").textContent = message;
  $("signin-submit").disabled = false;
  $("signin-uid").value = state.uid;
  (state.uid ? $("signin-token") : $("signin-uid")).focus();
}

function signOut(message = "") {
  state.client?.close();
  state.client = null;
  sessionStorage.removeItem(STORAGE_KEY);
  state.token = "";
  state.conversations.clear();
  state.threads.clear();
  state.active = "";
  $("conversations").replaceChildren();
  $("messages").replaceChildren();
  showSignIn(message);
}

function remember() {
  sessionStorage.setItem(STORAGE_KEY, JSON.stringify({ uid: state.uid, token: state.token, active: state.active }));
}

/** The WebSocket address from /route, on this page's host when the server names a wildcard one. */
function webSocketURL(route) {
  const secure = location.protocol === "https:";
  const address = (secure && route.wss_addr) || route.ws_addr || "";
  if (!address) throw new APIError(0, "The server announced no WebSocket address");
  const url = new URL(address.includes("://") ? address : `${secure ? "wss" : "ws"}://${address}`);
  if (["0.0.0.0", "[::]", ""].includes(url.hostname)) url.hostname = location.hostname;
  return url.toString().replace(/\/$/, "");
}

async function signIn(uid, token, reopen = "") {
  state.uid = uid;
  state.token = token;
  $("signin-submit").disabled = true;
  $("signin-error").textContent = "";
  let route;
  try {
    route = await api("GET", `/route?uid=${encodeURIComponent(uid)}`);
  } catch (error) {
    signOut(error.status === 401 ? `Not signed in: ${error.message}` : error.message);
    return;
  }
  state.active = reopen;
  remember();
  $("signin").hidden = true;
  $("app").hidden = false;
  $("me").textContent = uid;
  const client = new JindouClient({ url: webSocketURL(route), uid, token });
  state.client = client;
  client.addEventListener("status", (event) => showStatus(event.detail));
  client.addEventListener("message", (event) => received(event.detail));
  client.addEventListener("ack", (event) => acknowledged(event.detail));
  client.connect().catch(() => {
    // Shown through the status event.
  });
  await loadConversations();
  if (reopen) {
    const [type, ...rest] = reopen.split(":");
    await openConversation(rest.join(":"), Number(type));
  }
}

function showStatus({ status, reasonCode, reason, retryIn }) {
  const label = $("connection");
  label.dataset.status = status;
  const text = {
    connecting: "Connecting…",
    connected: "Connected",
    reconnecting:
      (retryIn ? `Reconnecting in ${Math.ceil(retryIn / 1000)} s…` : "Reconnecting…") + (reason ? ` (${reason})` : ""),
    disconnected: "Disconnected",
    closed: "Closed",
    kicked: `Disconnected: ${reason || describeReason(reasonCode)}`,
    refused: `Refused: ${reasonCode ? describeReason(reasonCode) : reason}`,
  }[status];
  label.textContent = text ?? status;
  const usable = status === "connected" || status === "connecting" || status === "reconnecting";
  $("compose-text").disabled = !state.active || !usable;
  $("send").disabled = !state.active || !usable;
  if (status === "refused" && reasonCode === 2) {
    signOut("The WebSocket refused this uid and token (reason 2): the token must be set for the web device (device_flag 1).");
  }
}

// MARK: - Conversations

async function loadConversations() {
  $("list-error").textContent = "";
  try {
    const list = await api("POST", "/conversation/sync", { uid: state.uid, msg_count: 1 });
    for (const item of list ?? []) {
      const last = item.recents?.[item.recents.length - 1];
      upsertConversation(item.channel_id, item.channel_type, {
        unread: item.unread ?? 0,
        timestamp: item.timestamp ?? 0,
        preview: last ? previewOf(last.from_uid, displayText(base64Decode(last.payload ?? ""))) : "",
      });
    }
  } catch (error) {
    $("list-error").textContent = `Conversations could not be loaded: ${error.message}`;
  }
  renderConversations();
}

function previewOf(fromUid, text) {
  return fromUid === state.uid ? `You: ${text}` : text;
}

function upsertConversation(channelId, channelType, changes = {}) {
  const key = keyOf(channelType, channelId);
  const conversation = state.conversations.get(key) ?? { channelId, channelType, unread: 0, preview: "", timestamp: 0 };
  Object.assign(conversation, changes);
  state.conversations.set(key, conversation);
  return conversation;
}

function renderConversations() {
  const list = $("conversations");
  const sorted = [...state.conversations.entries()].sort((a, b) => b[1].timestamp - a[1].timestamp);
  list.replaceChildren(
    ...sorted.map(([key, conversation]) => {
      const item = document.createElement("li");
      const button = document.createElement("button");
      button.type = "button";
      button.className = "conversation";
      button.dataset.key = key;
      button.dataset.channelId = conversation.channelId;
      button.dataset.channelType = String(conversation.channelType);
      if (key === state.active) button.setAttribute("aria-current", "true");
      const name = document.createElement("span");
      name.className = "name";
      name.textContent = conversation.channelId;
      if (conversation.channelType === ChannelType.group) {
        const kind = document.createElement("span");
        kind.className = "kind";
        kind.textContent = "group";
        name.append(" ", kind);
      }
      const preview = document.createElement("span");
      preview.className = "preview";
      preview.textContent = conversation.preview;
      const time = document.createElement("span");
      time.className = "time";
      time.textContent = formatTime(conversation.timestamp);
      button.append(name, time, preview);
      if (conversation.unread > 0) {
        const badge = document.createElement("span");
        badge.className = "unread";
        badge.textContent = String(conversation.unread);
        badge.setAttribute("aria-label", `${conversation.unread} unread`);
        button.append(badge);
      }
      button.addEventListener("click", () =>
        openConversation(conversation.channelId, conversation.channelType));
      item.append(button);
      return item;
    }),
  );
  $("no-conversations").hidden = sorted.length > 0;
}

async function openConversation(channelId, channelType) {
  const key = keyOf(channelType, channelId);
  state.active = key;
  remember();
  const conversation = upsertConversation(channelId, channelType);
  const hadUnread = conversation.unread > 0;
  conversation.unread = 0;
  renderConversations();
  document.body.classList.add("thread-open");
  $("thread-title").textContent = channelId;
  $("thread-kind").textContent = channelType === ChannelType.group ? "group" : "person";
  $("thread-error").textContent = "";
  showStatus({ status: state.client?.status ?? "disconnected" });
  renderThread();
  $("compose-text").focus();
  try {
    const page = await api("POST", "/channel/messagesync", {
      login_uid: state.uid, channel_id: channelId, channel_type: channelType,
      start_message_seq: 0, end_message_seq: 0, limit: HISTORY_PAGE, pull_mode: 0,
    });
    const thread = threadOf(key);
    for (const stored of page?.messages ?? []) {
      const clientMsgNo = stored.client_msg_no || `seq-${stored.message_seq}`;
      const existing = thread.get(clientMsgNo);
      thread.set(clientMsgNo, {
        ...existing,
        clientMsgNo, fromUid: stored.from_uid, seq: stored.message_seq, timestamp: stored.timestamp,
        text: displayText(base64Decode(stored.payload ?? "")),
        state: stored.from_uid === state.uid ? "acknowledged" : "received",
      });
    }
    if (state.active === key) renderThread();
  } catch (error) {
    if (state.active === key) $("thread-error").textContent = `History could not be loaded: ${error.message}`;
  }
  if (hadUnread) markRead(key);
}

const readTimers = new Map();

/** Tells the server the user has read the conversation (soon, once for a burst of messages). */
function markRead(key) {
  clearTimeout(readTimers.get(key));
  readTimers.set(key, setTimeout(() => {
    readTimers.delete(key);
    const conversation = state.conversations.get(key);
    if (!conversation) return;
    api("POST", "/conversations/clearUnread", {
      uid: state.uid, channel_id: conversation.channelId, channel_type: conversation.channelType, message_seq: 0,
    }).catch(() => {
      // Unread counts are a convenience; the next sign-in shows what the server knows.
    });
  }, 300));
}

function threadOf(key) {
  let thread = state.threads.get(key);
  if (!thread) {
    thread = new Map();
    state.threads.set(key, thread);
  }
  return thread;
}

const STATE_LABELS = { sending: "Sending…", acknowledged: "Acknowledged", failed: "Failed" };

function renderThread() {
  const list = $("messages");
  if (!state.active) {
    list.replaceChildren();
    return;
  }
  const messages = [...threadOf(state.active).values()].sort(
    (a, b) => (a.seq || Infinity) - (b.seq || Infinity) || a.timestamp - b.timestamp);
  const nearBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 80;
  list.replaceChildren(
    ...messages.map((message) => {
      const item = document.createElement("li");
      const own = message.fromUid === state.uid;
      item.className = own ? "message own" : "message";
      item.dataset.clientMsgNo = message.clientMsgNo;
      item.dataset.state = message.state;
      item.dataset.from = message.fromUid;
      if (message.seq) item.dataset.seq = String(message.seq);
      const meta = document.createElement("div");
      meta.className = "meta";
      const from = document.createElement("span");
      from.className = "from";
      from.textContent = own ? "You" : message.fromUid || "system";
      const time = document.createElement("time");
      time.textContent = formatTime(message.timestamp);
      meta.append(from, time);
      const body = document.createElement("p");
      body.className = "body";
      body.textContent = message.text;
      item.append(meta, body);
      if (own) {
        const delivery = document.createElement("div");
        delivery.className = `delivery ${message.state}`;
        delivery.textContent =
          message.state === "failed"
            ? `Failed: ${message.reason}`
            : STATE_LABELS[message.state] ?? "";
        item.append(delivery);
      }
      return item;
    }),
  );
  if (nearBottom || messages.at(-1)?.fromUid === state.uid) list.scrollTop = list.scrollHeight;
}

// MARK: - Live traffic

function received(message) {
  const key = keyOf(message.channelType, message.channelId);
  const text = message.json && typeof message.json.content === "string" ? message.json.content : message.text;
  const thread = threadOf(key);
  thread.set(message.clientMsgNo, {
    clientMsgNo: message.clientMsgNo, fromUid: message.fromUid, seq: message.messageSeq,
    timestamp: message.timestamp, text, state: message.fromUid === state.uid ? "acknowledged" : "received",
  });
  const conversation = state.conversations.get(key) ?? upsertConversation(message.channelId, message.channelType);
  conversation.preview = previewOf(message.fromUid, text);
  conversation.timestamp = message.timestamp;
  if (message.fromUid !== state.uid && message.redDot) {
    if (key === state.active && document.visibilityState === "visible") markRead(key);
    else if (key !== state.active) conversation.unread += 1;
  }
  renderConversations();
  if (key === state.active) renderThread();
}

function acknowledged(ack) {
  const key = keyOf(ack.channelType, ack.channelId);
  const message = threadOf(key).get(ack.clientMsgNo);
  if (!message) return;
  if (ack.ok) {
    message.state = "acknowledged";
    message.seq = ack.messageSeq;
  } else {
    message.state = "failed";
    message.reason = ack.reasonCode ? `${describeReason(ack.reasonCode)} (reason ${ack.reasonCode})` : ack.message;
  }
  if (key === state.active) renderThread();
}

function sendCurrent() {
  const input = $("compose-text");
  const text = input.value;
  if (!text.trim() || !state.active || !state.client) return;
  const conversation = state.conversations.get(state.active);
  const sent = state.client.send({
    channelId: conversation.channelId, channelType: conversation.channelType, payload: { type: 1, content: text },
  });
  sent.ack.catch(() => {
    // Shown through the ack event.
  });
  const now = Math.floor(Date.now() / 1000);
  threadOf(state.active).set(sent.clientMsgNo, {
    clientMsgNo: sent.clientMsgNo, fromUid: state.uid, seq: 0, timestamp: now, text, state: "sending",
  });
  conversation.preview = previewOf(state.uid, text);
  conversation.timestamp = now;
  input.value = "";
  renderConversations();
  renderThread();
}

// MARK: - Wiring

function start() {
  $("signin-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const uid = $("signin-uid").value.trim();
    const token = $("signin-token").value;
    $("signin-token").value = "";
    if (uid && token) signIn(uid, token);
  });
  $("signout").addEventListener("click", () => signOut());
  $("open-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const id = $("open-id").value.trim();
    if (!id) return;
    $("open-id").value = "";
    openConversation(id, Number($("open-type").value));
  });
  $("composer").addEventListener("submit", (event) => {
    event.preventDefault();
    sendCurrent();
  });
  $("compose-text").addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      sendCurrent();
    }
  });
  $("back").addEventListener("click", () => {
    document.body.classList.remove("thread-open");
    document.querySelector(`.conversation[aria-current="true"]`)?.focus();
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && document.body.classList.contains("thread-open")) $("back").click();
  });
  let saved = null;
  try {
    saved = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? "null");
  } catch {
    sessionStorage.removeItem(STORAGE_KEY);
  }
  if (saved?.uid && saved?.token) {
    signIn(saved.uid, saved.token, saved.active ?? "");
  } else {
    showSignIn();
  }
}

start();
