export { answerControlRequest, type ControlAnswer } from './answer.js';
export {
  type ControlReply,
  type ControlRequest,
  parseControlRequest,
  RunControl,
  type RunStatusSummary,
} from './protocol.js';
export {
  type ControlSocketServer,
  ControlUnreachableError,
  sendControlRequest,
  serveControlSocket,
} from './socket.js';
