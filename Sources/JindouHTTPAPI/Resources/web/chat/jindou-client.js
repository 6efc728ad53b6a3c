/**
 * jindou-client.js: a WKProto client for browsers (and other runtimes with WebSocket and
 * WebCrypto), speaking the WuKongIM binary protocol over the WebSocket port of Jindou or
 * WuKongIM. One ES module, no dependencies.
 *
 * What it does
 *   - CONNECT at protocol version 5 (the version the WuKongIM JS SDK uses) with the encryption
 *     handshake: an X25519 key pair from WebCrypto, the AES key derived from the shared secret as
 *     the server does (first 16 hex characters of MD5(base64(shared))), the salt from CONNACK as
 *     the AES-CBC IV. Payloads are AES-128-CBC (PKCS#7), base64 on the wire; every SEND carries
 *     its msgKey and every RECV's msgKey is checked (a RECV that fails the check is dropped and
 *     not acknowledged, as the official SDKs do).
 *   - SEND/SENDACK with delivery tracking, RECV/RECVACK (acknowledged automatically), PING/PONG
 *     heartbeats, DISCONNECT (kick) handling, and reconnection with exponential backoff and
 *     jitter. Sends waiting for their SENDACK are sent again, with the same client_msg_no, after
 *     a reconnect (Jindou deduplicates them).
 *   - WebCrypto needs a secure context: the page must come from https:// or from localhost.
 *
 * Usage
 *   import { JindouClient, ChannelType } from "./jindou-client.js";
 *   const client = new JindouClient({ url: "ws://host:5200", uid: "alice", token: "secret" });
 *   client.addEventListener("status", (e) => console.log(e.detail.status));
 *   client.addEventListener("message", (e) => console.log(e.detail.fromUid, e.detail.text));
 *   await client.connect();                  // resolves at the first accepted CONNACK
 *   const sent = client.send({ channelId: "bob", channelType: ChannelType.person,
 *                              payload: { type: 1, content: "hi" } });
 *   const ack = await sent.ack;              // { messageId, messageSeq, ... } or a SendError
 *   client.close();
 *
 * new JindouClient(options)
 *   url                 the WebSocket address, e.g. "ws://127.0.0.1:5200" (required)
 *   uid, token          the user and the token an operator set with POST /user/token (required)
 *   deviceFlag          0 app, 1 web (default), 2 pc: the token must be set for this flag
 *   deviceId            defaults to 32 random hex characters + "W", one per client object
 *   protocolVersion     asked for in CONNECT, default 5
 *   autoAck             send RECVACK for every verified RECV (default true)
 *   connectTimeout      ms to wait for CONNACK before trying again (default 10000)
 *   sendTimeout         ms a send may wait for its SENDACK, across reconnects (default 30000)
 *   pingInterval        ms between PINGs while connected (default 30000); after
 *   maxMissedPongs      unanswered PINGs (default 2) the socket is replaced
 *   reconnect           { initialDelay: 500, maxDelay: 30000, factor: 2, jitter: 0.5 }; false = never
 *   WebSocket           a WebSocket constructor (defaults to globalThis.WebSocket)
 *
 * Properties: status, uid, deviceId, protocolVersion (negotiated), nodeId, timeDiff (ms, server
 * clock minus ours).
 *
 * Methods
 *   connect()           opens the connection; resolves when CONNACK accepts it, rejects with a
 *                       ConnectError when the server refuses it for good (see "status") or on close()
 *   send(message)       message: { channelId, channelType, payload (object → JSON, string or
 *                       Uint8Array), clientMsgNo?, redDot = true, noPersist, syncOnce, topic }.
 *                       Returns { clientSeq, clientMsgNo, ack: Promise } at once; ack resolves
 *                       with the SENDACK's details or rejects with a SendError (reasonCode,
 *                       reasonName, message). Sends made while disconnected wait for the connection.
 *   close()             closes for good (no reconnect); waiting sends fail with "closed"
 *
 * Events (EventTarget; read event.detail)
 *   "status"   { status, reasonCode?, reason?, retryIn? }. status is one of "disconnected",
 *              "connecting", "connected", "reconnecting", "refused" (CONNACK refused the uid,
 *              token or user: reason 2 auth, 19 ban, 21, 27; final), "kicked" (DISCONNECT 12
 *              "signed in elsewhere", 19 ban or 2; final), "closed" (close() was called; final).
 *              Any other refusal or DISCONNECT (a server shutting down says 15) is retried, with
 *              reasonCode and reason in the "reconnecting" status.
 *   "message"  a received message: { messageId (decimal string), messageSeq, clientMsgNo, fromUid,
 *              channelId (for person chats: the other user), channelType, timestamp (unix s),
 *              expire, topic, setting, redDot, syncOnce, noPersist, dup, payload (Uint8Array),
 *              text (UTF-8), json (parsed payload or null) }
 *   "ack"      a SENDACK: { clientSeq, clientMsgNo, channelId, channelType, ok, reasonCode,
 *              reasonName, messageId, messageSeq }
 *   "dropped"  a RECV that failed the msgKey check or could not be decrypted: { reason, messageId }
 *   "event"    an EVENT packet: { id, type, timestamp, data (Uint8Array), text }
 *   "error"    a fault that closes the socket (malformed stream): { message }
 *
 * Lower-level exports, for tests and other tools: md5, md5Hex, base64Encode, base64Decode,
 * utf8Encode, utf8Decode, hexEncode, hexDecode, generateKeyPair, importPrivateKey,
 * SessionCipher, encodePacket, PacketDecoder, PacketType, PacketFlags, Setting, ReasonCode,
 * reasonName, describeReason, ChannelType, DeviceFlag.
 */

// MARK: - Bytes

const textEncoder = new TextEncoder();
const textDecoder = new TextDecoder("utf-8", { fatal: false });

/** UTF-8 bytes of a string. */
export function utf8Encode(text) {
  return textEncoder.encode(text);
}

/** A string from UTF-8 bytes (invalid sequences become U+FFFD). */
export function utf8Decode(bytes) {
  return textDecoder.decode(bytes);
}

/** Lowercase hex of bytes. */
export function hexEncode(bytes) {
  let out = "";
  for (const byte of bytes) out += byte.toString(16).padStart(2, "0");
  return out;
}

/** Bytes of a hex string. */
export function hexDecode(hex) {
  if (hex.length % 2 !== 0 || /[^0-9a-fA-F]/.test(hex)) throw new TypeError("not a hex string");
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.substr(i * 2, 2), 16);
  return out;
}

/** Standard, padded base64 of bytes. */
export function base64Encode(bytes) {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

/** Bytes of standard base64 (padding optional); throws on other characters. */
export function base64Decode(text) {
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

function concatBytes(...parts) {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

function randomHex(byteCount) {
  const bytes = new Uint8Array(byteCount);
  crypto.getRandomValues(bytes);
  return hexEncode(bytes);
}

// MARK: - MD5 (RFC 1321)

const MD5_SHIFTS = [
  7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22,
  5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20,
  4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23,
  6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21,
];
// K[i] = floor(|sin(i + 1)| * 2^32), exact in double precision.
const MD5_CONSTANTS = Array.from({ length: 64 }, (_, i) => Math.floor(Math.abs(Math.sin(i + 1)) * 2 ** 32) >>> 0);

/** The 16-byte MD5 digest of bytes (or of a string's UTF-8 bytes). */
export function md5(input) {
  const data = typeof input === "string" ? utf8Encode(input) : input;
  const blockCount = ((data.length + 8) >>> 6) + 1;
  const padded = new Uint8Array(blockCount * 64);
  padded.set(data);
  padded[data.length] = 0x80;
  const view = new DataView(padded.buffer);
  const bitLength = data.length * 8;
  view.setUint32(padded.length - 8, bitLength >>> 0, true);
  view.setUint32(padded.length - 4, Math.floor(bitLength / 2 ** 32) >>> 0, true);
  let a0 = 0x67452301;
  let b0 = 0xefcdab89;
  let c0 = 0x98badcfe;
  let d0 = 0x10325476;
  const words = new Int32Array(16);
  for (let block = 0; block < blockCount; block++) {
    for (let j = 0; j < 16; j++) words[j] = view.getInt32(block * 64 + j * 4, true);
    let a = a0;
    let b = b0;
    let c = c0;
    let d = d0;
    for (let i = 0; i < 64; i++) {
      let f;
      let g;
      if (i < 16) {
        f = (b & c) | (~b & d);
        g = i;
      } else if (i < 32) {
        f = (d & b) | (~d & c);
        g = (5 * i + 1) % 16;
      } else if (i < 48) {
        f = b ^ c ^ d;
        g = (3 * i + 5) % 16;
      } else {
        f = c ^ (b | ~d);
        g = (7 * i) % 16;
      }
      const sum = (f + a + MD5_CONSTANTS[i] + words[g]) | 0;
      a = d;
      d = c;
      c = b;
      const shift = MD5_SHIFTS[i];
      b = (b + ((sum << shift) | (sum >>> (32 - shift)))) | 0;
    }
    a0 = (a0 + a) | 0;
    b0 = (b0 + b) | 0;
    c0 = (c0 + c) | 0;
    d0 = (d0 + d) | 0;
  }
  const digest = new Uint8Array(16);
  const out = new DataView(digest.buffer);
  out.setInt32(0, a0, true);
  out.setInt32(4, b0, true);
  out.setInt32(8, c0, true);
  out.setInt32(12, d0, true);
  return digest;
}

/** Lowercase hex of the MD5 digest. */
export function md5Hex(input) {
  return hexEncode(md5(input));
}

// MARK: - Session crypto

// A PKCS#8 wrapper for a raw 32-byte X25519 private key (RFC 8410).
const X25519_PKCS8_PREFIX = hexDecode("302e020100300506032b656e04220420");

/** A fresh X25519 key pair: { privateKey (CryptoKey), publicKeyBase64 }. */
export async function generateKeyPair() {
  const pair = await crypto.subtle.generateKey({ name: "X25519" }, true, ["deriveBits"]);
  const publicKey = new Uint8Array(await crypto.subtle.exportKey("raw", pair.publicKey));
  return { privateKey: pair.privateKey, publicKeyBase64: base64Encode(publicKey) };
}

/** A key pair from a raw 32-byte private key (for tests with known vectors). */
export async function importPrivateKey(raw) {
  if (raw.length !== 32) throw new TypeError("an X25519 private key has 32 bytes");
  const privateKey = await crypto.subtle.importKey(
    "pkcs8", concatBytes(X25519_PKCS8_PREFIX, raw), { name: "X25519" }, true, ["deriveBits"]);
  const jwk = await crypto.subtle.exportKey("jwk", privateKey);
  const publicKey = base64Decode(jwk.x.replace(/-/g, "+").replace(/_/g, "/"));
  return { privateKey, publicKeyBase64: base64Encode(publicKey) };
}

function sixteenBytes(text) {
  const out = new Uint8Array(16);
  out.set(utf8Encode(text).subarray(0, 16));
  return out;
}

/**
 * The per-connection cipher: AES-128-CBC with PKCS#7 padding, base64 on the wire, a fixed IV.
 * "Encrypt(x)" in the protocol notes is encrypt(x) here (it returns the base64 text's bytes).
 */
export class SessionCipher {
  /** @param {CryptoKey} key  @param {Uint8Array} iv */
  constructor(key, iv, aesKey) {
    this.key = key;
    this.iv = iv;
    /** The 16-character AES key text (exposed for tests). */
    this.aesKey = aesKey;
  }

  /** A cipher from the AES key and IV as text (the first 16 UTF-8 bytes of each, zero-padded). */
  static async fromText(aesKey, iv) {
    const key = await crypto.subtle.importKey("raw", sixteenBytes(aesKey), { name: "AES-CBC" }, false, [
      "encrypt",
      "decrypt",
    ]);
    return new SessionCipher(key, sixteenBytes(iv), aesKey);
  }

  /**
   * The key derivation of the handshake: X25519(own private, first 32 bytes of the peer's
   * key), then the first 16 characters of the lowercase hex MD5 of base64(shared).
   * Returns { sharedSecret, sharedSecretBase64, aesKey }.
   */
  static async deriveKey(privateKey, peerPublicKeyBase64) {
    let peer;
    try {
      peer = base64Decode(peerPublicKeyBase64);
    } catch {
      throw new TypeError("the peer's public key is not base64");
    }
    if (peer.length < 32) throw new TypeError("the peer's public key is shorter than 32 bytes");
    const publicKey = await crypto.subtle.importKey("raw", peer.subarray(0, 32), { name: "X25519" }, true, []);
    const shared = new Uint8Array(
      await crypto.subtle.deriveBits({ name: "X25519", public: publicKey }, privateKey, 256));
    if (shared.every((byte) => byte === 0)) throw new TypeError("X25519 key agreement failed (low-order key)");
    const sharedSecretBase64 = base64Encode(shared);
    return { sharedSecret: shared, sharedSecretBase64, aesKey: md5Hex(sharedSecretBase64).slice(0, 16) };
  }

  /** The cipher of a session: own key pair's private key, the server's key and the salt from CONNACK. */
  static async fromHandshake(privateKey, serverKeyBase64, salt) {
    const derived = await SessionCipher.deriveKey(privateKey, serverKeyBase64);
    return SessionCipher.fromText(derived.aesKey, salt);
  }

  /** Encrypt(plain): the ASCII bytes of base64(AES-CBC(pkcs7(plain))). */
  async encrypt(plain) {
    const data = typeof plain === "string" ? utf8Encode(plain) : plain;
    const sealed = new Uint8Array(await crypto.subtle.encrypt({ name: "AES-CBC", iv: this.iv }, this.key, data));
    return utf8Encode(base64Encode(sealed));
  }

  /** Reverses encrypt(); throws on bad base64, length or padding. */
  async decrypt(wire) {
    const sealed = base64Decode(utf8Decode(wire));
    if (sealed.length === 0 || sealed.length % 16 !== 0) throw new TypeError("not a whole number of AES blocks");
    return new Uint8Array(await crypto.subtle.decrypt({ name: "AES-CBC", iv: this.iv }, this.key, sealed));
  }

  /** The msgKey of a SEND: MD5 hex of Encrypt(clientSeq + clientMsgNo + channelID + channelType + wire payload). */
  async sendMsgKey(packet) {
    const sign = concatBytes(
      utf8Encode(`${packet.clientSeq}${packet.clientMsgNo}${packet.channelId}${packet.channelType}`),
      packet.payload);
    return md5Hex(await this.encrypt(sign));
  }

  /**
   * The msgKey of a RECV: MD5 hex of Encrypt(messageID + messageSeq + clientMsgNo + timestamp +
   * fromUID + channelID + channelType + wire payload).
   */
  async recvMsgKey(packet) {
    const sign = concatBytes(
      utf8Encode(
        `${packet.messageId}${packet.messageSeq}${packet.clientMsgNo}${packet.timestamp}` +
          `${packet.fromUid}${packet.channelId}${packet.channelType}`),
      packet.payload);
    return md5Hex(await this.encrypt(sign));
  }
}

// MARK: - Protocol constants

/** Packet types (the high nibble of the first byte). */
export const PacketType = Object.freeze({
  connect: 1, connack: 2, send: 3, sendack: 4, recv: 5, recvack: 6, ping: 7, pong: 8,
  disconnect: 9, sub: 10, suback: 11, event: 12,
});

/** Header flags (the low nibble). For CONNACK, bit 0 means "has server version". */
export const PacketFlags = Object.freeze({ dup: 8, syncOnce: 4, redDot: 2, noPersist: 1, hasServerVersion: 1 });

/** The setting byte of SEND and RECV. */
export const Setting = Object.freeze({ receipt: 0x80, signal: 0x20, noEncrypt: 0x10, topic: 0x08, stream: 0x02 });

/** Channel types. */
export const ChannelType = Object.freeze({
  person: 1, group: 2, customerService: 3, community: 4, communityTopic: 5, info: 6, data: 7, temp: 8,
  live: 9, visitors: 10, agent: 11, agentGroup: 12,
});

/** Device flags. */
export const DeviceFlag = Object.freeze({ app: 0, web: 1, pc: 2, system: 99 });

const REASONS = [
  ["unknown", "Unknown reason"],
  ["success", "Success"],
  ["authFail", "The uid or token was refused"],
  ["subscriberNotExist", "You are not a member of this channel"],
  ["inBlacklist", "You are on this channel's denylist"],
  ["channelNotExist", "The channel does not exist"],
  ["userNotOnNode", "The user is not on this node"],
  ["senderOffline", "The sender is offline"],
  ["msgKeyError", "The message signature (msgKey) was wrong"],
  ["payloadDecodeError", "The server could not decrypt or verify the message"],
  ["forwardSendPacketError", "The message could not be forwarded to another node"],
  ["notAllowSend", "You may not send to this channel"],
  ["connectKick", "Signed in elsewhere: this connection was closed"],
  ["notInWhitelist", "You are not on this channel's allowlist"],
  ["queryTokenError", "The token could not be checked"],
  ["systemError", "Server error: the message was not stored"],
  ["channelIDError", "The channel id is not valid"],
  ["nodeMatchError", "Cluster node mismatch"],
  ["nodeNotMatch", "Cluster node mismatch"],
  ["ban", "The channel or the user is banned"],
  ["notSupportHeader", "Unsupported header"],
  ["clientKeyIsEmpty", "The client key was empty"],
  ["rateLimit", "Too many messages: slow down"],
  ["notSupportChannelType", "This channel type is not supported"],
  ["disband", "The group was disbanded"],
  ["sendBan", "Sending is banned in this channel"],
  ["channelDeleting", "The channel is being deleted"],
  ["protocolUpgradeRequired", "The server needs a newer protocol version"],
  ["idempotencyConflict", "This client_msg_no was already used for another message"],
  ["messageSeqExhausted", "The channel has run out of message numbers"],
];

/** Reason codes by name (ReasonCode.success === 1, …). */
export const ReasonCode = Object.freeze(Object.fromEntries(REASONS.map(([name], code) => [name, code])));

/** The name of a reason code ("authFail"), or "reason<N>". */
export function reasonName(code) {
  return REASONS[code]?.[0] ?? `reason${code}`;
}

/** A sentence for people saying what a reason code means. */
export function describeReason(code) {
  return REASONS[code]?.[1] ?? `Refused (reason ${code})`;
}

// MARK: - Codec

/** A malformed packet or stream. */
export class ProtocolError extends Error {}

class Writer {
  constructor() {
    this.parts = [];
  }
  u8(value) {
    this.parts.push(Uint8Array.of(value & 0xff));
  }
  u16(value) {
    this.parts.push(Uint8Array.of((value >>> 8) & 0xff, value & 0xff));
  }
  u32(value) {
    const bytes = new Uint8Array(4);
    new DataView(bytes.buffer).setUint32(0, value >>> 0);
    this.parts.push(bytes);
  }
  i32(value) {
    const bytes = new Uint8Array(4);
    new DataView(bytes.buffer).setInt32(0, value | 0);
    this.parts.push(bytes);
  }
  i64(value) {
    const bytes = new Uint8Array(8);
    new DataView(bytes.buffer).setBigInt64(0, BigInt(value));
    this.parts.push(bytes);
  }
  u64(value) {
    const bytes = new Uint8Array(8);
    new DataView(bytes.buffer).setBigUint64(0, BigInt(value));
    this.parts.push(bytes);
  }
  seq(value, version) {
    if (version >= 6) this.u64(value);
    else this.u32(value);
  }
  string(text) {
    const bytes = utf8Encode(text ?? "");
    if (bytes.length > 0x7fff) throw new ProtocolError("a string field is longer than 32767 bytes");
    this.u16(bytes.length);
    this.parts.push(bytes);
  }
  bytes(data) {
    this.parts.push(data ?? new Uint8Array(0));
  }
  finish() {
    return concatBytes(...this.parts);
  }
}

class Reader {
  constructor(bytes, what) {
    this.bytes = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.offset = 0;
    this.what = what;
  }
  need(count, field) {
    if (this.offset + count > this.bytes.length) {
      throw new ProtocolError(`${this.what}: the body ends inside ${field}`);
    }
  }
  u8(field) {
    this.need(1, field);
    return this.bytes[this.offset++];
  }
  u16(field) {
    this.need(2, field);
    const value = this.view.getUint16(this.offset);
    this.offset += 2;
    return value;
  }
  u32(field) {
    this.need(4, field);
    const value = this.view.getUint32(this.offset);
    this.offset += 4;
    return value;
  }
  i32(field) {
    this.need(4, field);
    const value = this.view.getInt32(this.offset);
    this.offset += 4;
    return value;
  }
  i64(field) {
    this.need(8, field);
    const value = this.view.getBigInt64(this.offset);
    this.offset += 8;
    return value;
  }
  u64(field) {
    this.need(8, field);
    const value = this.view.getBigUint64(this.offset);
    this.offset += 8;
    return value;
  }
  seq(field, version) {
    return version >= 6 ? Number(this.u64(field)) : this.u32(field);
  }
  string(field) {
    const length = this.u16(field);
    this.need(length, field);
    const value = utf8Decode(this.bytes.subarray(this.offset, this.offset + length));
    this.offset += length;
    return value;
  }
  rest() {
    const value = this.bytes.slice(this.offset);
    this.offset = this.bytes.length;
    return value;
  }
  get remaining() {
    return this.bytes.length - this.offset;
  }
}

const hasExpire = (version) => version >= 3;
const hasNodeId = (version) => version >= 4;
const hasStreamFields = (version) => version >= 2 && version < 5;

/**
 * The bytes of a packet at protocol version `version` (the connection's negotiated version).
 * Packets are plain objects: { type: PacketType.x, flags, ...fields } with the field names of
 * the protocol notes in camelCase (channelId, fromUid, messageId as a BigInt or decimal string, …).
 */
export function encodePacket(packet, version = 5) {
  const flags = packet.flags ?? 0;
  const type = packet.type;
  if (type === PacketType.ping || type === PacketType.pong) return Uint8Array.of(type << 4);
  const w = new Writer();
  switch (type) {
    case PacketType.connect:
      w.u8(packet.version);
      w.u8(packet.deviceFlag);
      w.string(packet.deviceId);
      w.string(packet.uid);
      w.string(packet.token);
      w.i64(packet.clientTimestamp);
      w.string(packet.clientKey);
      break;
    case PacketType.connack: {
      const hasServerVersion = (flags & PacketFlags.hasServerVersion) !== 0;
      if (hasServerVersion) w.u8(packet.serverVersion);
      w.i64(packet.timeDiff);
      w.u8(packet.reasonCode);
      w.string(packet.serverKey);
      w.string(packet.salt);
      if (hasNodeId(hasServerVersion ? packet.serverVersion : version)) w.u64(packet.nodeId ?? 0);
      break;
    }
    case PacketType.send: {
      const setting = packet.setting ?? 0;
      w.u8(setting);
      w.u32(packet.clientSeq);
      w.string(packet.clientMsgNo);
      if (hasStreamFields(version) && setting & Setting.stream) w.string(packet.streamNo);
      w.string(packet.channelId);
      w.u8(packet.channelType);
      if (hasExpire(version)) w.u32(packet.expire ?? 0);
      w.string(packet.msgKey);
      if (setting & Setting.topic) w.string(packet.topic);
      w.bytes(packet.payload);
      break;
    }
    case PacketType.sendack:
      w.i64(packet.messageId);
      w.u32(packet.clientSeq);
      w.seq(packet.messageSeq, version);
      w.u8(packet.reasonCode);
      break;
    case PacketType.recv: {
      const setting = packet.setting ?? 0;
      w.u8(setting);
      w.string(packet.msgKey);
      w.string(packet.fromUid);
      w.string(packet.channelId);
      w.u8(packet.channelType);
      if (hasExpire(version)) w.u32(packet.expire ?? 0);
      w.string(packet.clientMsgNo);
      if (hasStreamFields(version) && setting & Setting.stream) {
        w.u8(packet.streamFlag ?? 0);
        w.string(packet.streamNo);
        w.u64(packet.streamId ?? 0);
      }
      w.i64(packet.messageId);
      w.seq(packet.messageSeq, version);
      w.i32(packet.timestamp);
      if (setting & Setting.topic) w.string(packet.topic);
      w.bytes(packet.payload);
      break;
    }
    case PacketType.recvack:
      w.i64(packet.messageId);
      w.seq(packet.messageSeq, version);
      break;
    case PacketType.disconnect:
      w.u8(packet.reasonCode);
      w.string(packet.reason);
      break;
    case PacketType.event:
      w.string(packet.id);
      w.string(packet.eventType);
      w.i64(packet.timestamp);
      w.bytes(packet.data);
      break;
    default:
      w.bytes(packet.body);
  }
  const body = w.finish();
  const length = [];
  let remaining = body.length;
  if (remaining > 0x0fffffff) throw new ProtocolError("a packet is larger than 268435455 bytes");
  do {
    let byte = remaining & 0x7f;
    remaining >>>= 7;
    if (remaining > 0) byte |= 0x80;
    length.push(byte);
  } while (remaining > 0);
  return concatBytes(Uint8Array.of((type << 4) | (flags & 0x0f)), Uint8Array.from(length), body);
}

function decodeBody(type, flags, version, body) {
  const r = new Reader(body, `packet type ${type}`);
  switch (type) {
    case PacketType.connect:
      return {
        type, flags, version: r.u8("version"), deviceFlag: r.u8("deviceFlag"), deviceId: r.string("deviceID"),
        uid: r.string("uid"), token: r.string("token"), clientTimestamp: Number(r.i64("clientTimestamp")),
        clientKey: r.string("clientKey"),
      };
    case PacketType.connack: {
      const hasServerVersion = (flags & PacketFlags.hasServerVersion) !== 0;
      const serverVersion = hasServerVersion ? r.u8("serverVersion") : 0;
      const packet = {
        type, flags, serverVersion, timeDiff: Number(r.i64("timeDiff")), reasonCode: r.u8("reasonCode"),
        serverKey: r.string("serverKey"), salt: r.string("salt"), nodeId: 0n,
      };
      if (hasNodeId(hasServerVersion ? serverVersion : version) && r.remaining >= 8) packet.nodeId = r.u64("nodeID");
      return packet;
    }
    case PacketType.send: {
      const setting = r.u8("setting");
      const packet = { type, flags, setting, clientSeq: r.u32("clientSeq"), clientMsgNo: r.string("clientMsgNo") };
      packet.streamNo = hasStreamFields(version) && setting & Setting.stream ? r.string("streamNo") : "";
      packet.channelId = r.string("channelID");
      packet.channelType = r.u8("channelType");
      packet.expire = hasExpire(version) ? r.u32("expire") : 0;
      packet.msgKey = r.string("msgKey");
      packet.topic = setting & Setting.topic ? r.string("topic") : "";
      packet.payload = r.rest();
      return packet;
    }
    case PacketType.sendack:
      return {
        type, flags, messageId: r.i64("messageID"), clientSeq: r.u32("clientSeq"),
        messageSeq: r.seq("messageSeq", version), reasonCode: r.u8("reasonCode"),
      };
    case PacketType.recv: {
      const setting = r.u8("setting");
      const packet = {
        type, flags, setting, msgKey: r.string("msgKey"), fromUid: r.string("fromUID"),
        channelId: r.string("channelID"), channelType: r.u8("channelType"),
      };
      packet.expire = hasExpire(version) ? r.u32("expire") : 0;
      packet.clientMsgNo = r.string("clientMsgNo");
      if (hasStreamFields(version) && setting & Setting.stream) {
        packet.streamFlag = r.u8("streamFlag");
        packet.streamNo = r.string("streamNo");
        packet.streamId = r.u64("streamId");
      }
      packet.messageId = r.i64("messageID");
      packet.messageSeq = r.seq("messageSeq", version);
      packet.timestamp = r.i32("timestamp");
      packet.topic = setting & Setting.topic ? r.string("topic") : "";
      packet.payload = r.rest();
      return packet;
    }
    case PacketType.recvack:
      return { type, flags, messageId: r.i64("messageID"), messageSeq: r.seq("messageSeq", version) };
    case PacketType.disconnect:
      return { type, flags, reasonCode: r.u8("reasonCode"), reason: r.string("reason") };
    case PacketType.event:
      return {
        type, flags, id: r.string("id"), eventType: r.string("type"), timestamp: Number(r.i64("timestamp")),
        data: r.rest(),
      };
    case PacketType.sub:
    case PacketType.suback:
      return { type, flags, body: r.rest() };
    default:
      throw new ProtocolError(`unknown packet type ${type}`);
  }
}

/**
 * Splits a byte stream (WebSocket messages appended in order) into packets. Several packets may
 * share a message and one may span messages: push() bytes, then call next() until it returns null.
 */
export class PacketDecoder {
  constructor(version = 5, maxRemainingLength = 1 << 20) {
    /** The negotiated protocol version selecting the layout of version-dependent packets. */
    this.version = version;
    this.maxRemainingLength = maxRemainingLength;
    this.buffer = new Uint8Array(0);
  }

  push(bytes) {
    this.buffer = this.buffer.length === 0 ? new Uint8Array(bytes) : concatBytes(this.buffer, bytes);
  }

  /** The next whole packet, or null when the buffer does not hold one yet; throws ProtocolError. */
  next() {
    const buffer = this.buffer;
    if (buffer.length === 0) return null;
    const header = buffer[0];
    const type = header >> 4;
    if (type === PacketType.ping || type === PacketType.pong) {
      this.buffer = buffer.subarray(1);
      return { type, flags: header & 0x0f };
    }
    if (type < 1 || type > 12) throw new ProtocolError(`unknown packet type ${type}`);
    let length = 0;
    let index = 1;
    let shift = 0;
    for (;;) {
      if (index >= buffer.length) return null;
      const byte = buffer[index++];
      length |= (byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) break;
      shift += 7;
      if (shift >= 28) throw new ProtocolError("the remaining length is longer than 4 bytes");
    }
    if (length > this.maxRemainingLength) {
      throw new ProtocolError(`a packet of ${length} bytes is over the limit of ${this.maxRemainingLength}`);
    }
    if (buffer.length < index + length) return null;
    const body = buffer.subarray(index, index + length);
    const packet = decodeBody(type, header & 0x0f, this.version, body);
    this.buffer = buffer.subarray(index + length);
    return packet;
  }
}

// MARK: - Client

/** A CONNECT the server refused (CONNACK reason ≠ 1), or a connect() cut short by close(). */
export class ConnectError extends Error {
  constructor(reasonCode, message) {
    super(message ?? describeReason(reasonCode));
    this.name = "ConnectError";
    this.reasonCode = reasonCode;
    this.reasonName = reasonName(reasonCode);
  }
}

/** A send that failed: refused by the server (reasonCode), timed out or closed (reasonCode 0). */
export class SendError extends Error {
  constructor(reasonCode, message, details = {}) {
    super(message ?? describeReason(reasonCode));
    this.name = "SendError";
    this.reasonCode = reasonCode;
    this.reasonName = reasonName(reasonCode);
    Object.assign(this, details);
  }
}

const FINAL_STATUSES = new Set(["refused", "kicked", "closed"]);
/** CONNACK reasons that trying again cannot change: the credentials, a ban, the client itself. */
const FINAL_CONNACK_REASONS = new Set([2, 19, 21, 27]);
/** DISCONNECT reasons that end the session for good: signed in elsewhere, banned, logged out. */
const FINAL_DISCONNECT_REASONS = new Set([2, 12, 19]);

/** A WKProto connection that keeps itself connected. See the header comment for the API. */
export class JindouClient extends EventTarget {
  constructor(options) {
    super();
    if (!options?.url) throw new TypeError("url is required");
    if (!options.uid) throw new TypeError("uid is required");
    this.url = options.url;
    this.uid = options.uid;
    this.token = options.token ?? "";
    this.deviceFlag = options.deviceFlag ?? DeviceFlag.web;
    this.deviceId = options.deviceId ?? `${randomHex(16)}W`;
    this.requestedVersion = options.protocolVersion ?? 5;
    this.autoAck = options.autoAck ?? true;
    this.connectTimeout = options.connectTimeout ?? 10000;
    this.sendTimeout = options.sendTimeout ?? 30000;
    this.pingInterval = options.pingInterval ?? 30000;
    this.maxMissedPongs = options.maxMissedPongs ?? 2;
    this.reconnect =
      options.reconnect === false
        ? null
        : { initialDelay: 500, maxDelay: 30000, factor: 2, jitter: 0.5, ...(options.reconnect ?? {}) };
    this.WebSocketImpl = options.WebSocket ?? globalThis.WebSocket;
    this.status = "disconnected";
    this.protocolVersion = 0;
    this.nodeId = 0n;
    this.timeDiff = 0;
    this.socket = null;
    this.cipher = null;
    this.attempt = 0;
    this.nextClientSeq = 1;
    /** Sends waiting for their SENDACK, by clientSeq. */
    this.pending = new Map();
    this.timers = { reconnect: null, connect: null, ping: null };
    this.missedPongs = 0;
    this.waiters = [];
  }

  /** Opens the connection (see the header comment). */
  connect() {
    if (FINAL_STATUSES.has(this.status) && this.status !== "closed") {
      return Promise.reject(new ConnectError(0, `the client is ${this.status}`));
    }
    const promise = new Promise((resolve, reject) => {
      if (this.status === "connected") resolve();
      else this.waiters.push({ resolve, reject });
    });
    if (this.status === "disconnected" || this.status === "closed") {
      this.attempt = 0;
      this.open();
    }
    return promise;
  }

  /** Closes for good: no reconnect; sends still waiting fail. */
  close() {
    this.stopTimers();
    this.setStatus("closed");
    this.dropSocket();
    this.settleWaiters(new ConnectError(0, "the client was closed"));
    for (const entry of this.pending.values()) this.failSend(entry, new SendError(0, "The connection was closed"));
  }

  /** Sends a message (see the header comment). */
  send(message) {
    if (!message?.channelId) throw new TypeError("channelId is required");
    if (!message.channelType) throw new TypeError("channelType is required");
    const payload =
      message.payload instanceof Uint8Array
        ? message.payload
        : utf8Encode(typeof message.payload === "string" ? message.payload : JSON.stringify(message.payload ?? {}));
    let flags = 0;
    if (message.redDot ?? true) flags |= PacketFlags.redDot;
    if (message.noPersist) flags |= PacketFlags.noPersist;
    if (message.syncOnce) flags |= PacketFlags.syncOnce;
    const entry = {
      clientSeq: this.nextClientSeq++,
      clientMsgNo: message.clientMsgNo ?? randomHex(16),
      channelId: String(message.channelId),
      channelType: message.channelType,
      topic: message.topic ?? "",
      expire: message.expire ?? 0,
      flags,
      payload,
    };
    const ack = new Promise((resolve, reject) => {
      entry.resolve = resolve;
      entry.reject = reject;
    });
    entry.timer = setTimeout(
      () => this.failSend(entry, new SendError(0, "No acknowledgement in time", { timedOut: true })),
      this.sendTimeout);
    this.pending.set(entry.clientSeq, entry);
    if (this.status === "connected") this.transmit(entry);
    if (FINAL_STATUSES.has(this.status)) this.failSend(entry, new SendError(0, `The connection is ${this.status}`));
    return { clientSeq: entry.clientSeq, clientMsgNo: entry.clientMsgNo, ack };
  }

  // MARK: internals

  setStatus(status, details = {}) {
    if (this.status === status && !details.retryIn) return;
    this.status = status;
    this.dispatchEvent(new CustomEvent("status", { detail: { status, ...details } }));
  }

  settleWaiters(error) {
    const waiters = this.waiters;
    this.waiters = [];
    for (const waiter of waiters) error ? waiter.reject(error) : waiter.resolve();
  }

  stopTimers() {
    for (const key of Object.keys(this.timers)) {
      clearTimeout(this.timers[key]);
      clearInterval(this.timers[key]);
      this.timers[key] = null;
    }
  }

  dropSocket() {
    const socket = this.socket;
    this.socket = null;
    this.cipher = null;
    if (!socket) return;
    socket.onopen = socket.onmessage = socket.onclose = socket.onerror = null;
    try {
      socket.close();
    } catch {
      // Already closed.
    }
  }

  async open() {
    this.setStatus(this.attempt === 0 ? "connecting" : "reconnecting");
    let keyPair;
    try {
      keyPair = await generateKeyPair();
    } catch (error) {
      this.fatal(`WebCrypto X25519 is unavailable (a secure context is needed): ${error.message ?? error}`);
      return;
    }
    if (FINAL_STATUSES.has(this.status)) return;
    const socket = new this.WebSocketImpl(this.url);
    socket.binaryType = "arraybuffer";
    this.socket = socket;
    const decoder = new PacketDecoder(this.requestedVersion);
    // Packets are handled one after another, also where handling awaits WebCrypto.
    let chain = Promise.resolve();
    socket.onopen = () => {
      const connect = {
        type: PacketType.connect, version: this.requestedVersion, deviceFlag: this.deviceFlag,
        deviceId: this.deviceId, uid: this.uid, token: this.token, clientTimestamp: Date.now(),
        clientKey: keyPair.publicKeyBase64,
      };
      socket.send(encodePacket(connect, this.requestedVersion));
    };
    socket.onmessage = (event) => {
      if (this.socket !== socket) return;
      const data = event.data instanceof ArrayBuffer ? new Uint8Array(event.data) : null;
      if (!data) {
        this.protocolFault(socket, "the server sent a text frame");
        return;
      }
      decoder.push(data);
      for (;;) {
        let packet;
        try {
          packet = decoder.next();
        } catch (error) {
          this.protocolFault(socket, error.message);
          return;
        }
        if (!packet) break;
        chain = chain.then(() => this.handle(packet, socket, decoder, keyPair)).catch((error) => {
          this.protocolFault(socket, `${error.message ?? error}`);
        });
      }
    };
    socket.onclose = () => {
      if (this.socket === socket) this.lost();
    };
    socket.onerror = () => {
      // A close event follows.
    };
    clearTimeout(this.timers.connect);
    this.timers.connect = setTimeout(() => {
      if (this.socket === socket && this.status !== "connected") this.lost();
    }, this.connectTimeout);
  }

  fatal(message) {
    this.stopTimers();
    this.dropSocket();
    this.dispatchEvent(new CustomEvent("error", { detail: { message } }));
    this.setStatus("refused", { reasonCode: 0, reason: message });
    this.settleWaiters(new ConnectError(0, message));
    for (const entry of this.pending.values()) this.failSend(entry, new SendError(0, message));
  }

  protocolFault(socket, message) {
    if (this.socket !== socket) return;
    this.dispatchEvent(new CustomEvent("error", { detail: { message } }));
    this.lost();
  }

  /** The socket is gone or useless: try again later unless the state is final. */
  lost(why = {}) {
    this.stopTimers();
    this.dropSocket();
    if (FINAL_STATUSES.has(this.status)) return;
    if (!this.reconnect) {
      this.setStatus("disconnected");
      this.settleWaiters(new ConnectError(0, "the connection was lost"));
      for (const entry of this.pending.values()) this.failSend(entry, new SendError(0, "The connection was lost"));
      return;
    }
    const { initialDelay, maxDelay, factor, jitter } = this.reconnect;
    const ceiling = Math.min(maxDelay, initialDelay * factor ** this.attempt);
    // Part of each delay is random, so many clients cut off together do not return together.
    const delay = Math.round(ceiling * (1 - jitter * Math.random()));
    this.attempt += 1;
    this.setStatus("reconnecting", { retryIn: delay, ...why });
    this.timers.reconnect = setTimeout(() => this.open(), delay);
  }

  write(packet) {
    if (this.socket && this.socket.readyState === 1) {
      this.socket.send(encodePacket(packet, this.protocolVersion || this.requestedVersion));
    }
  }

  async transmit(entry) {
    const cipher = this.cipher;
    if (!cipher) return;
    const wirePayload = await cipher.encrypt(entry.payload);
    const packet = {
      type: PacketType.send, flags: entry.flags, setting: entry.topic ? Setting.topic : 0,
      clientSeq: entry.clientSeq, clientMsgNo: entry.clientMsgNo, channelId: entry.channelId,
      channelType: entry.channelType, expire: entry.expire, topic: entry.topic, payload: wirePayload,
    };
    packet.msgKey = await cipher.sendMsgKey(packet);
    // The connection may have changed while encrypting: then the next CONNACK sends it again.
    if (this.cipher === cipher && this.pending.has(entry.clientSeq)) this.write(packet);
  }

  failSend(entry, error) {
    if (!this.pending.delete(entry.clientSeq)) return;
    clearTimeout(entry.timer);
    Object.assign(error, { clientSeq: entry.clientSeq, clientMsgNo: entry.clientMsgNo });
    this.dispatchEvent(
      new CustomEvent("ack", {
        detail: {
          clientSeq: entry.clientSeq, clientMsgNo: entry.clientMsgNo, channelId: entry.channelId,
          channelType: entry.channelType, ok: false, reasonCode: error.reasonCode, reasonName: error.reasonName,
          message: error.message, messageId: "0", messageSeq: 0,
        },
      }));
    entry.reject(error);
  }

  async handle(packet, socket, decoder, keyPair) {
    if (this.socket !== socket) return;
    switch (packet.type) {
      case PacketType.connack:
        return this.handleConnack(packet, decoder, keyPair);
      case PacketType.sendack:
        return this.handleSendack(packet);
      case PacketType.recv:
        return this.handleRecv(packet);
      case PacketType.pong:
        this.missedPongs = 0;
        return;
      case PacketType.disconnect:
        if (!FINAL_DISCONNECT_REASONS.has(packet.reasonCode)) {
          this.lost({ reasonCode: packet.reasonCode, reason: packet.reason });
          return;
        }
        this.stopTimers();
        this.dropSocket();
        this.setStatus("kicked", { reasonCode: packet.reasonCode, reason: packet.reason });
        this.settleWaiters(new ConnectError(packet.reasonCode, packet.reason));
        for (const entry of this.pending.values()) this.failSend(entry, new SendError(packet.reasonCode));
        return;
      case PacketType.event:
        this.dispatchEvent(
          new CustomEvent("event", {
            detail: {
              id: packet.id, type: packet.eventType, timestamp: packet.timestamp, data: packet.data,
              text: utf8Decode(packet.data),
            },
          }));
        return;
      default:
        return;
    }
  }

  async handleConnack(packet, decoder, keyPair) {
    clearTimeout(this.timers.connect);
    if (packet.reasonCode !== ReasonCode.success && !FINAL_CONNACK_REASONS.has(packet.reasonCode)) {
      this.lost({ reasonCode: packet.reasonCode, reason: describeReason(packet.reasonCode) });
      return;
    }
    if (packet.reasonCode !== ReasonCode.success) {
      const error = new ConnectError(packet.reasonCode);
      this.stopTimers();
      this.dropSocket();
      this.setStatus("refused", { reasonCode: packet.reasonCode, reason: error.message });
      this.settleWaiters(error);
      for (const entry of this.pending.values()) this.failSend(entry, new SendError(packet.reasonCode, error.message));
      return;
    }
    this.cipher = await SessionCipher.fromHandshake(keyPair.privateKey, packet.serverKey, packet.salt);
    this.protocolVersion = packet.flags & PacketFlags.hasServerVersion ? packet.serverVersion : this.requestedVersion;
    decoder.version = this.protocolVersion;
    this.nodeId = packet.nodeId;
    this.timeDiff = packet.timeDiff;
    this.attempt = 0;
    this.missedPongs = 0;
    this.setStatus("connected");
    this.settleWaiters(null);
    this.timers.ping = setInterval(() => {
      if (this.missedPongs >= this.maxMissedPongs) {
        this.lost();
        return;
      }
      this.missedPongs += 1;
      this.write({ type: PacketType.ping });
    }, this.pingInterval);
    for (const entry of this.pending.values()) this.transmit(entry);
  }

  handleSendack(packet) {
    const entry = this.pending.get(packet.clientSeq);
    if (!entry) return;
    const ok = packet.reasonCode === ReasonCode.success;
    if (!ok) {
      this.failSend(entry, new SendError(packet.reasonCode));
      return;
    }
    this.pending.delete(entry.clientSeq);
    clearTimeout(entry.timer);
    const detail = {
      clientSeq: entry.clientSeq, clientMsgNo: entry.clientMsgNo, channelId: entry.channelId,
      channelType: entry.channelType, ok, reasonCode: packet.reasonCode, reasonName: reasonName(packet.reasonCode),
      messageId: packet.messageId.toString(), messageSeq: packet.messageSeq,
    };
    this.dispatchEvent(new CustomEvent("ack", { detail }));
    entry.resolve(detail);
  }

  async handleRecv(packet) {
    const cipher = this.cipher;
    if (!cipher) return;
    const messageId = packet.messageId.toString();
    let payload = packet.payload;
    if (!(packet.setting & Setting.noEncrypt)) {
      const expected = await cipher.recvMsgKey(packet);
      if (expected !== packet.msgKey) {
        this.dispatchEvent(new CustomEvent("dropped", { detail: { reason: "msgKey mismatch", messageId } }));
        return;
      }
      try {
        payload = await cipher.decrypt(packet.payload);
      } catch (error) {
        this.dispatchEvent(
          new CustomEvent("dropped", { detail: { reason: `undecryptable: ${error.message}`, messageId } }));
        return;
      }
    }
    const text = utf8Decode(payload);
    let json = null;
    try {
      json = JSON.parse(text);
    } catch {
      // Not JSON: text only.
    }
    const message = {
      messageId, messageSeq: packet.messageSeq, clientMsgNo: packet.clientMsgNo, fromUid: packet.fromUid,
      channelId: packet.channelId, channelType: packet.channelType, timestamp: packet.timestamp,
      expire: packet.expire, topic: packet.topic, setting: packet.setting,
      redDot: (packet.flags & PacketFlags.redDot) !== 0, syncOnce: (packet.flags & PacketFlags.syncOnce) !== 0,
      noPersist: (packet.flags & PacketFlags.noPersist) !== 0, dup: (packet.flags & PacketFlags.dup) !== 0,
      payload, text, json,
    };
    if (this.autoAck && this.cipher === cipher) {
      this.write({
        type: PacketType.recvack, flags: packet.flags, messageId: packet.messageId, messageSeq: packet.messageSeq,
      });
    }
    this.dispatchEvent(new CustomEvent("message", { detail: message }));
  }
}
