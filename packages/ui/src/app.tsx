/** The shell: header navigation, and the page the URL names (see router/routes.ts). */
import { useEffect, useMemo, useRef, useState } from 'react';
import { unauthorizedEvent } from './api/client';
import { hasToken, SignIn, signOut } from './components/sign-in';
import { CatalogPage } from './pages/catalog';
import { RunFormPage } from './pages/run-form';
import { RunPage } from './pages/run-page';
import { RunsPage } from './pages/runs-page';
import { TemplatePage } from './pages/template-page';
import { Link, useLocation } from './router/navigation';
import { parseRoute, type Route } from './router/routes';

function Page({ route }: { readonly route: Route }) {
  switch (route.page) {
    case 'catalog':
      return <CatalogPage />;
    case 'template':
      return <TemplatePage templateRef={route.ref} />;
    case 'run-form':
      return <RunFormPage templateRef={route.ref} />;
    case 'runs':
      return <RunsPage />;
    case 'run':
      return (
        <RunPage key={`${route.namespace}/${route.name}`} namespace={route.namespace} name={route.name} />
      );
    default:
      return (
        <main>
          <h1>Not found</h1>
          <p>
            No page here. <Link href="/">Go to the catalog</Link>.
          </p>
        </main>
      );
  }
}

export function App() {
  const { pathname } = useLocation();
  const route = useMemo(() => parseRoute(pathname), [pathname]);
  const skip = useRef<HTMLAnchorElement>(null);
  const [unauthorized, setUnauthorized] = useState(false);
  useEffect(() => {
    const ask = () => setUnauthorized(true);
    window.addEventListener(unauthorizedEvent, ask);
    return () => window.removeEventListener(unauthorizedEvent, ask);
  }, []);
  useEffect(() => {
    document.title = `${route.page === 'not-found' ? 'Not found' : pathname} · weft`;
  }, [route, pathname]);
  return (
    <>
      <a href="#content" className="skip" ref={skip}>
        Skip to content
      </a>
      <header className="top">
        <Link href="/" className="brand">
          weft
        </Link>
        <nav aria-label="Main">
          <Link href="/" aria-current={route.page === 'catalog' ? 'page' : undefined}>
            Catalog
          </Link>
          <Link href="/runs" aria-current={route.page === 'runs' ? 'page' : undefined}>
            All runs
          </Link>
        </nav>
        {hasToken() && (
          <button type="button" className="sign-out" onClick={signOut}>
            Sign out
          </button>
        )}
      </header>
      <div id="content">{unauthorized ? <SignIn rejected={hasToken()} /> : <Page route={route} />}</div>
    </>
  );
}
