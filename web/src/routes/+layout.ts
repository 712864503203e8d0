// A single-page app: pages render in the browser, against the API.
export const ssr = false;
export const prerender = false;
