// Release build step (called by scripts/minify-js.sh, a Trunk post_build hook): gives the
// functions the WebAssembly imports from wasm-bindgen's JavaScript glue short names.
//
// wasm-bindgen names each import after the Rust item plus a 16-digit hash
// (`__wbg_setAttribute_f75317b2b5cabfb4`), and every name is spelled out twice, once in the
// wasm's import section and once in the glue's import object. The hashes do not compress, so
// this costs about 2 KB of brotli for nothing. This rewrites both files in step: the wasm's import
// section gets names "a", "b", … and each name is replaced in the glue. It fails the build (exit
// 1) rather than ship a pair that no longer matches.
//
// Usage: node scripts/short-imports.mjs <dir>   (the dir holding *_bg.wasm and its glue .js)
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2];
// Every module with its glue: the app, and the diagnosis engine's Web Worker.
const wasmFiles = readdirSync(dir).filter((f) => f.endsWith('_bg.wasm'));
if (!wasmFiles.length) fail(`no *_bg.wasm in ${dir}`);

function fail(why) {
  console.error(`short-imports: ${why}`);
  process.exit(1);
}

// -- reading and writing the binary format (https://webassembly.github.io/spec/core/binary/) --

function readU32(buf, at) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const byte = buf[at++];
    value += (byte & 0x7f) * 2 ** shift;
    if (byte < 0x80) return [value, at];
    shift += 7;
  }
}

function u32(value) {
  const out = [];
  do {
    let byte = value & 0x7f;
    value = Math.floor(value / 128);
    if (value) byte |= 0x80;
    out.push(byte);
  } while (value);
  return Buffer.from(out);
}

function readName(buf, at) {
  const [len, start] = readU32(buf, at);
  return [buf.toString('utf8', start, start + len), start + len];
}

const name = (text) => Buffer.concat([u32(Buffer.byteLength(text)), Buffer.from(text)]);

/** Skips an import's description (after its kind byte), returning where the next import starts. */
function skipDescription(buf, kind, at) {
  const limits = (p) => {
    const flags = buf[p++];
    [, p] = readU32(buf, p);
    if (flags & 1) [, p] = readU32(buf, p);
    return p;
  };
  switch (kind) {
    case 0: return readU32(buf, at)[1]; // function: type index
    case 1: return limits(at + 1); // table: reference type, limits
    case 2: return limits(at); // memory: limits
    case 3: return at + 2; // global: value type, mutability
    case 4: return readU32(buf, at + 1)[1]; // tag: attribute, type index
    default: fail(`unknown import kind ${kind}`);
  }
}

// -- the rewrite -------------------------------------------------------------------------------

// Short names in the order of first use; base 52 letters, so each is a plain JS identifier.
const LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
const shortName = (i) => (i < 52 ? LETTERS[i] : shortName(Math.floor(i / 52) - 1) + LETTERS[i % 52]);

function shorten(wasmFile) {
  const glueFile = wasmFile.replace(/_bg\.wasm$/, '.js');
  const wasm = readFileSync(join(dir, wasmFile));
  let glue = readFileSync(join(dir, glueFile), 'utf8');

  if (wasm.readUInt32LE(0) !== 0x6d736100) fail(`${wasmFile} is not WebAssembly`);
  const sections = [];
  for (let at = 8; at < wasm.length; ) {
    const id = wasm[at];
    const [size, start] = readU32(wasm, at + 1);
    sections.push({ id, start, end: start + size, head: at });
    at = start + size;
  }
  const imports = sections.find((s) => s.id === 2);
  if (!imports) fail('no import section');

  const renamed = new Map();
  const entries = [];
  let [count, at] = readU32(wasm, imports.start);
  for (let i = 0; i < count; i++) {
    let module;
    let field;
    [module, at] = readName(wasm, at);
    [field, at] = readName(wasm, at);
    const kind = wasm[at];
    const descStart = at + 1;
    at = skipDescription(wasm, kind, descStart);
    // Only wasm-bindgen's own hashed or intrinsic names; anything else is left as it is.
    if (/^__wbg_|^__wbindgen_/.test(field) && !renamed.has(field)) renamed.set(field, shortName(renamed.size));
    entries.push(Buffer.concat([name(module), name(renamed.get(field) ?? field), wasm.subarray(descStart - 1, at)]));
  }

  for (const [long, short] of renamed) {
    // The glue's import object has each name once, as a key; a name missing there would break loading.
    const pattern = new RegExp(`\\b${long}\\b`, 'g');
    const uses = glue.match(pattern)?.length ?? 0;
    if (uses !== 1) fail(`${long} appears ${uses} times in ${glueFile}, expected once`);
    glue = glue.replace(pattern, short);
  }

  const payload = Buffer.concat([u32(count), ...entries]);
  const out = Buffer.concat([
    wasm.subarray(0, imports.head),
    Buffer.from([2]),
    u32(payload.length),
    payload,
    wasm.subarray(imports.end),
  ]);
  writeFileSync(join(dir, wasmFile), out);
  writeFileSync(join(dir, glueFile), glue);
  console.error(`short-imports: ${renamed.size} imports renamed, ${wasm.length - out.length} bytes fewer in ${wasmFile}`);
}

for (const wasmFile of wasmFiles) shorten(wasmFile);
