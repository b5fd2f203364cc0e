export { attemptLogDir, FileLogStore, LOG_INDEX_FILE } from './file-log-store.js';
export { logAttemptOf } from './log-attempt.js';
export { LogFileCursor, readLogFile, readLogFileText, tailLogFile } from './log-file.js';
export { formatLogEntry, type LogFormatOptions, logPrefix } from './log-format.js';
export * from './log-query.js';
export { type LogRecord, LogRecordParser, type LogStream, parseLogRecords, toLogTime } from './log-record.js';
export type * from './log-store.js';
