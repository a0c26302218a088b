import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import {
  isRouteErrorResponse,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import type { ReactNode } from "react";
import { rolesOf } from "~/domain/permissions";
import { DemoBanner, SecondFactorBanner, SiteFooter, SiteHeader, SkipLink } from "~/components/site-chrome";
import rootStyles from "~/styles/root.css?url";
import { defaultLocale, type Locale } from "~/locales/i18n";
import { MessagesProvider, PageMessagesScript, useTranslation } from "~/locales/i18n-react";
import { useNonce } from "~/web/nonce";
import { awaitingSecondFactor, getRequestState } from "~/web/request.server";

export const links: LinksFunction = () => [
  // One render-blocking request: the Utrecht tokens and components we use, then our base (root.css).
  { rel: "stylesheet", href: rootStyles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const state = await getRequestState(request, context);
  const { ctx } = state;
  return {
    locale: ctx.locale,
    user: ctx.actor ? { name: ctx.actor.name, roles: rolesOf(ctx.actor) } : null,
    // A coordinator or admin who has not confirmed their second factor in this session yet.
    ...(ctx.actor && awaitingSecondFactor(state) ? { secondFactorPending: true as const } : {}),
    // Only while the local mailbox is on; otherwise the data says nothing about it.
    ...(context.services.env.mailboxEnabled ? { mailbox: true as const } : {}),
  };
}

export type RootData = Awaited<ReturnType<typeof loader>>;

export function useRootData() {
  return useRouteLoaderData<typeof loader>("root");
}

export function Layout({ children }: { children: ReactNode }) {
  const data = useRootData();
  const locale: Locale = data?.locale ?? defaultLocale;
  const nonce = useNonce();
  return (
    <html lang={locale} dir="ltr">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body className="utrecht-theme utrecht-document utrecht-body">
        <MessagesProvider locale={locale}>
          <Chrome>{children}</Chrome>
        </MessagesProvider>
        {/* After the page: on the server it inlines the namespaces the page above used. */}
        <PageMessagesScript locale={locale} nonce={nonce} />
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

const mailboxShown = (data: RootData | undefined) => data != null && "mailbox" in data && data.mailbox === true;

function Chrome({ children }: { children: ReactNode }) {
  const data = useRootData();
  const location = useLocation();
  const mailbox = mailboxShown(data);
  const secondFactorPending = data != null && "secondFactorPending" in data && location.pathname !== "/login/second-factor";
  return (
    <div className="page">
      <SkipLink />
      {mailbox ? <DemoBanner /> : null}
      {secondFactorPending ? <SecondFactorBanner returnTo={`${location.pathname}${location.search}`} /> : null}
      <SiteHeader user={data?.user ?? null} locale={data?.locale ?? defaultLocale} returnTo={`${location.pathname}${location.search}`} />
      <main id="main" className="page__main" tabIndex={-1}>
        {children}
      </main>
      <SiteFooter showMailbox={mailbox} />
    </div>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const { t } = useTranslation();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const key =
    status === 404 ? "errors.notFound" : status === 403 ? "errors.forbidden" : status === 409 ? "errors.conflict" : "errors.unexpected";
  return (
    <section className="stack">
      <h1 className="utrecht-heading-1">{t("errors.title")}</h1>
      <p className="utrecht-paragraph">{t(key)}</p>
      <p className="utrecht-paragraph">
        <a className="utrecht-link" href="/">
          {t("errors.backHome")}
        </a>
      </p>
    </section>
  );
}
