// electron-builder afterPack hook: flips Electron's fuses in the packaged
// binary (Electron security checklist). Fuses are compiled-in switches that a
// local attacker cannot turn back on with flags or environment variables.
const path = require('node:path');

exports.default = async function afterPack(context) {
  const { flipFuses, FuseVersion, FuseV1Options } = await import('@electron/fuses');
  const { electronPlatformName, appOutDir, packager } = context;
  const name = packager.appInfo.productFilename;
  const binary =
    electronPlatformName === 'darwin'
      ? path.join(appOutDir, `${name}.app`)
      : electronPlatformName === 'win32'
        ? path.join(appOutDir, `${name}.exe`)
        : path.join(appOutDir, packager.executableName);
  await flipFuses(binary, {
    version: FuseVersion.V1,
    resetAdHocDarwinSignature: electronPlatformName === 'darwin',
    [FuseV1Options.RunAsNode]: false, // no ELECTRON_RUN_AS_NODE: the app binary is not a node.exe
    [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false, // NODE_OPTIONS cannot inject code
    [FuseV1Options.EnableNodeCliInspectArguments]: false, // no --inspect debugger attach
    [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true, // tampered app.asar refuses to load
    [FuseV1Options.OnlyLoadAppFromAsar]: true, // no loose app/ folder next to the binary
    [FuseV1Options.EnableCookieEncryption]: true,
    [FuseV1Options.GrantFileProtocolExtraPrivileges]: false, // we serve app://, never file://
  });
};
