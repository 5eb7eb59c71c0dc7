// A single-page app: everything renders in the browser from the live room documents.
export const ssr = false;
export const prerender = false;
