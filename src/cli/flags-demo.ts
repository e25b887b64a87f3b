// Flags shared by `axon demo up|traffic|down`.
import {Flags} from '@oclif/core';
import {ciliumSock, STATE_DIR} from '../defaults.js';

export function demoFlags() {
  return {
    'agent-socket': Flags.string({description: 'The agent\'s cilium.sock (default: CILIUM_SOCK or /var/run/cilium/cilium.sock).', default: ciliumSock(), helpGroup: 'DEMO'}),
    'state-dir': Flags.string({description: 'Where the demo records its pods (<state-dir>/demo/).', default: STATE_DIR, helpGroup: 'DEMO'}),
    'netns-prefix': Flags.string({description: 'Prefix of the pods\' network namespace names.', default: 'axon-', helpGroup: 'DEMO'}),
  };
}
