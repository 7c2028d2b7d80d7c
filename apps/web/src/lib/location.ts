/** This page's address without query or fragment: where share links start. */
export const linkBase = (): string => `${window.location.origin}${window.location.pathname}`;
