import { Suspense, type ComponentType } from "react";

// A page with a form, loaded after the first view (decision 047). The route module keeps `meta`,
// `loader`, `action` and its default export is `formPage(() => import("./<route>.page"))`; the page
// itself (Conform, the zod schemas, the form kit) is in `<route>.page.tsx`, a chunk of its own that
// the browser fetches with import(), not in the first load's modulepreload set.
//
// - The server renders the whole page: `entry.server.tsx` waits for `formPagesLoaded()`, so the
//   page module is always there and nothing suspends on the server (no fallback in the HTML: the
//   page works without JavaScript).
// - The browser starts fetching the page's chunk as soon as the route module runs, in parallel with
//   the rest. Hydration of the page waits for it inside a Suspense boundary (React keeps the
//   server's HTML meanwhile); the header and footer hydrate at once. If the chunk is already there
//   when React gets to the page, it hydrates in the same pass.
// - On a client-side navigation the chunk is fetched with the route module, beside its data.

type PageModule<P> = { default: ComponentType<P> };

const pending = new Set<Promise<unknown>>();

/** Resolves when every form page module started so far is loaded (the server awaits it before rendering). */
export async function formPagesLoaded(): Promise<void> {
  await Promise.all(pending);
}

export function formPage<P extends object>(load: () => Promise<PageModule<P>>): ComponentType<P> {
  let Page: ComponentType<P> | undefined;
  let failure: { error: unknown } | undefined;
  let loading: Promise<unknown> | undefined;
  const start = () =>
    (loading ??= load().then(
      (module) => {
        Page = module.default;
      },
      (error: unknown) => {
        failure = { error };
      },
    ));
  // Server and browser alike: as soon as the route module is evaluated.
  pending.add(start());

  function LoadedPage(props: P) {
    if (failure) throw failure.error;
    if (!Page) throw start();
    return <Page {...props} />;
  }
  function FormPage(props: P) {
    return (
      <Suspense fallback={null}>
        <LoadedPage {...props} />
      </Suspense>
    );
  }
  return FormPage;
}
