export { type ControlAnswer, answerControlRequest } from './answer.js';
export {
  type ControlReply,
  type ControlRequest,
  parseControlRequest,
  RunControl,
  type RunStatusSummary,
} from './protocol.js';
export {
  ControlUnreachableError,
  type ControlSocketServer,
  sendControlRequest,
  serveControlSocket,
} from './socket.js';
