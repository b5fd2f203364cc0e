export {
  generateSecretKey,
  keyIdOf,
  keyringOf,
  openData,
  parseSecretKey,
  type SealedData,
  SecretKeyError,
  type SecretKeyring,
  sealData,
  secretKeyBytes,
} from './encryption.js';
export {
  type LoadedKeyring,
  loadKeyring,
  readKeyFile,
  secretKeyFileName,
  secretKeyPathOf,
  writeKeyFile,
} from './key-file.js';
export { configMapEnvNamesOf, containerVariables, type EnvSources } from './pod-env.js';
export {
  type Resolved,
  type SecretData,
  type SecretFile,
  secretNamesOf,
  secretValuesOf,
  secretVolumeFiles,
} from './pod-secrets.js';
export {
  createRedactor,
  minimumRedactedLength,
  type Redactor,
  redactDeep,
  redactedText,
  redactionForms,
} from './redactor.js';
export { type ConfigMapLookup, type SecretSource, withConfigMapData, withSecrets } from './with-secrets.js';
