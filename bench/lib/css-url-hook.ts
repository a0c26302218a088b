import { register } from "node:module";

// Route modules link their stylesheet with Vite's `?url` import, which Node cannot load: in a bench
// process such an import is the stylesheet's name. Import this module before importing a route.
register(
  `data:text/javascript,${encodeURIComponent(
    "export async function resolve(s, c, next) { return /\\.css\\?url$/.test(s) ? { url: 'data:text/javascript,export default \"/style.css\"', shortCircuit: true } : next(s, c); }",
  )}`,
);
