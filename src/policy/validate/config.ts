// Agent settings that change what the sanitiser accepts (defaults = Cilium 1.19 defaults).
export interface AgentConfig {
  enableL7Proxy: boolean;
  enableIcmpRules: boolean;
  enableNodeSelectorLabels: boolean;
}

export const DEFAULT_AGENT_CONFIG: AgentConfig = {enableL7Proxy: true, enableIcmpRules: true, enableNodeSelectorLabels: false};
