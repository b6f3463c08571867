// esbuild bundles imported stylesheets into dist/webview.css; for the type checker they are empty.
declare module '*.css';
