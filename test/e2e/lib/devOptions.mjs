// The web workbench's developmentOptions, shared by the harness (in-editor suite) and its unit tests.

/**
 * Adds `developmentOptions` (the extensions in development and the extensionTestsPath) to a web workbench
 * configuration object, the one the server embeds in the page as <meta id="vscode-workbench-web-configuration"
 * data-settings="…">. This is the embedder API @vscode/test-web uses, and the only way the *built* VS Code 1.139 web
 * workbench accepts an extension in development: it ignores `?payload=[["extensionDevelopmentPath",…]]` unless the
 * build has no commit or the smoke-test driver is on (`if (this.payload && (!this.isBuilt || this.enableSmokeTestDriver))`),
 * and code-server has no option for either. 1.96–1.104 honour the payload too, and read the same developmentOptions (it is the one mechanism used on all editors). Pure; returns a new object.
 */
export function withDevelopmentOptions(config, { extensionPaths = [], extensionTestsPath, authority = 'remote' } = {}) {
  const uri = (p) => ({ $mid: 1, scheme: 'vscode-remote', authority, path: p });
  return {
    ...config,
    developmentOptions: {
      ...(config.developmentOptions ?? {}),
      ...(extensionPaths.length ? { extensions: extensionPaths.map(uri) } : {}),
      ...(extensionTestsPath ? { extensionTestsPath: uri(extensionTestsPath) } : {}),
    },
  };
}
