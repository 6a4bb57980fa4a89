// React 18's web-streams server renderer, used by app/entry.server.tsx: the same API as
// react-dom/server's renderToReadableStream, which @types/react-dom declares there only.
declare module 'react-dom/server.browser' {
  export { renderToReadableStream } from 'react-dom/server';
}
