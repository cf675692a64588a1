import { Handle, type Node, type NodeProps, Position } from '@xyflow/react';
import { memo } from 'react';
import { LevelChip } from '../../../components/LevelChip';
import { TypeIcon } from '../../../components/TypeIcon';
import { formatDuration } from '../../../lib/format';
import type { StepNode } from './project-skeleton';

export type StepNodeData = { step: StepNode; selected: boolean };
export type StepFlowNode = Node<StepNodeData>;

export const NODE_WIDTH = 200;
export const NODE_HEIGHT = 50;

function StepBody({ data, kind, caption }: { data: StepNodeData; kind: string; caption: string }) {
  const { step, selected } = data;
  return (
    <div
      className={`step-node step-${kind} type-bg-${step.type.toLowerCase()}${selected ? ' selected' : ''}${step.worstLevel === 'ERROR' ? ' has-error' : ''}`}
      data-testid="graph-node"
      data-step-name={step.name}
      data-selected={selected}
    >
      <Handle type="target" position={Position.Top} />
      <div className="step-head">
        <TypeIcon type={step.type} />
        <span className="step-name" title={step.name}>
          {step.name}
        </span>
        {step.count > 1 && (
          <span className="step-count" data-testid="graph-node-count" title={`Ran ${step.count} times`}>
            ×{step.count.toLocaleString('en-US')}
          </span>
        )}
      </div>
      <div className="step-meta">
        <span>{caption}</span>
        <span>{formatDuration(step.totalDurationMs)}</span>
        {step.folded > 0 && <span title="Observations deeper than the levels shown">+{step.folded} inside</span>}
        {step.worstLevel !== 'DEFAULT' && <LevelChip level={step.worstLevel} />}
      </div>
      <Handle type="source" position={Position.Bottom} />
      <Handle id="back-out" type="source" position={Position.Right} />
      <Handle id="back-in" type="target" position={Position.Right} />
    </div>
  );
}

const AgentNode = memo(({ data }: NodeProps<StepFlowNode>) => <StepBody data={data} kind="agent" caption="agent" />);
const ToolNode = memo(({ data }: NodeProps<StepFlowNode>) => <StepBody data={data} kind="tool" caption="tool" />);
const GenerationNode = memo(({ data }: NodeProps<StepFlowNode>) => (
  <StepBody data={data} kind="generation" caption="LLM call" />
));
const RetrieverNode = memo(({ data }: NodeProps<StepFlowNode>) => (
  <StepBody data={data} kind="retriever" caption="retrieval" />
));
const OtherNode = memo(({ data }: NodeProps<StepFlowNode>) => (
  <StepBody data={data} kind="other" caption={data.step.type.toLowerCase()} />
));

/** Defined once at module level: React Flow re-mounts every node when this object changes identity. */
export const NODE_TYPES = {
  agent: AgentNode,
  tool: ToolNode,
  generation: GenerationNode,
  retriever: RetrieverNode,
  other: OtherNode,
};

export function nodeTypeOf(step: StepNode): keyof typeof NODE_TYPES {
  switch (step.type) {
    case 'AGENT':
      return 'agent';
    case 'TOOL':
      return 'tool';
    case 'GENERATION':
    case 'EMBEDDING':
      return 'generation';
    case 'RETRIEVER':
      return 'retriever';
    default:
      return 'other';
  }
}
