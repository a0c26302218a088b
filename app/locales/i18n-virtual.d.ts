// Written by app/vite/messages.ts into the server build: route id → the namespaces its client code uses.
declare module "virtual:noaber/route-namespaces" {
  const routeNamespaces: Readonly<Record<string, readonly string[]>>;
  export default routeNamespaces;
}
