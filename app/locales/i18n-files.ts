import { createHash } from "node:crypto";

// Node only (the build plugin app/vite/messages.ts and i18n.server.ts): how each namespace of a
// language becomes a file of the client build. Both sides compute the same names from the same
// messages, so the server can point the browser at files the build wrote. Decision 039.

interface NamespaceFile {
  /** The file's text: one namespace of one language. */
  json: string;
  /** Eight characters of its content hash: the file name changes whenever the text does. */
  hash: string;
}

export function namespaceFiles(messages: Record<string, unknown>): Record<string, NamespaceFile> {
  return Object.fromEntries(
    Object.entries(messages).map(([ns, value]) => {
      const json = JSON.stringify(value);
      return [ns, { json, hash: createHash("sha256").update(json).digest("base64url").slice(0, 8) }];
    }),
  );
}
