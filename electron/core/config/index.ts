// Public API of the configuration system (plain Node).
export { loadConfig, type LoadOptions, type LoadedConfig } from './load';
export {
  saveUserSetting,
  saveUserSettings,
  removeUserSetting,
  guiConfigFile,
  ConfigSaveError,
  type SaveLocation,
  type SavedBy,
  type SettingChange,
} from './save';
export {
  configFolders,
  userConfigFolder,
  GUI_FILE_NAME,
  type ConfigFolder,
  type FolderLayer,
  type FolderOptions,
  type Environment,
} from './folders';
export {
  schema,
  optionKeys,
  isOptionKey,
  specOf,
  defaultConfig,
  SchemaDefaultError,
  type Config,
  type OptionKey,
  type OptionSpec,
} from './schema';
export type { PortRange, ParseContext, ValueType, ValueTypeName } from './value-types';
export { envNameOf, ENV_PREFIX } from './env';
export { formatOrigin, type Origin } from './origin';
export { lockedBy, type LockingOrigin } from './locks';
export { formatWarning, type ConfigWarning, type ConfigWarningCode, type WarningSource } from './warnings';
export { formatEffectiveConfig, formatWarnings, formatOptionsHelp, formatValue, SECRET_MASK } from './format';
export { renderDefaultConf, renderManOptions, spliceManOptions, extractManOptions, spliceManPart, extractManPart, roffEscape, roffLines } from './docs';
export { MAX_INCLUDE_DEPTH } from './walk';
