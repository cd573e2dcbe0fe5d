// Moving between the study list and studies inside the page: the viewer's engine, codecs and workers stay
// initialised, and what the study held is released when it is left (ViewerPage's teardown).
import { createContext, useCallback, useContext, useEffect, useState, type AnchorHTMLAttributes, type MouseEvent } from 'react';

type Navigate = (href: string) => void;

const NavigationContext = createContext<Navigate | null>(null);
export const NavigationProvider = NavigationContext.Provider;

/** The page's address, updated by in-page navigation and by the browser's back and forward buttons. */
export function useLocationHref(): [string, Navigate] {
  const [href, setHref] = useState(() => window.location.href);
  useEffect(() => {
    const onPop = (): void => setHref(window.location.href);
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  const navigate = useCallback<Navigate>((to) => {
    window.history.pushState(null, '', to);
    setHref(window.location.href);
  }, []);
  return [href, navigate];
}

/**
 * A link of the app: a plain click stays in the page; a click with a modifier or another button, and "open in
 * new tab", do what the browser does with any link.
 */
export function AppLink(props: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  const navigate = useContext(NavigationContext);
  const { onClick, ...rest } = props;
  const click = (e: MouseEvent<HTMLAnchorElement>): void => {
    onClick?.(e);
    if (e.defaultPrevented || !navigate || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    if (props.target && props.target !== '_self') return;
    const to = new URL(props.href, window.location.href);
    if (to.origin !== window.location.origin) return;
    e.preventDefault();
    navigate(to.href);
  };
  return <a {...rest} onClick={click} />;
}
