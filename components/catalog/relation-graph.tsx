"use client";

import { Background, Controls, ReactFlow, type Edge, type Node } from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { useRouter } from "next/navigation";
import { useMemo } from "react";
import { entityHref } from "./entity-link";

export type GraphLink = { blueprint: string; identifier: string; label: string; relation: string };

/** The entity in the middle, what points at it on the left, what it points at on the right. */
export function RelationGraph({
  center,
  outgoing,
  incoming,
}: {
  center: { blueprint: string; identifier: string; label: string };
  outgoing: GraphLink[];
  incoming: GraphLink[];
}) {
  const router = useRouter();
  const { nodes, edges } = useMemo(() => {
    const key = (l: { blueprint: string; identifier: string }) => `${l.blueprint}/${l.identifier}`;
    const nodes: Node[] = [{ id: key(center), position: { x: 300, y: Math.max(outgoing.length, incoming.length) * 30 }, data: { label: center.label }, style: { fontWeight: 600 } }];
    const edges: Edge[] = [];
    const column = (links: GraphLink[], x: number, direction: "in" | "out") =>
      links.forEach((l, i) => {
        const id = key(l);
        if (!nodes.some((n) => n.id === id)) nodes.push({ id, position: { x, y: i * 60 }, data: { label: `${l.label} (${l.blueprint})` } });
        edges.push({
          id: `${direction}-${l.relation}-${id}`,
          source: direction === "out" ? key(center) : id,
          target: direction === "out" ? id : key(center),
          label: l.relation,
          animated: false,
        });
      });
    column(incoming, 0, "in");
    column(outgoing, 600, "out");
    return { nodes, edges };
  }, [center, outgoing, incoming]);

  return (
    <div className="h-80 rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900" aria-label="Relation graph">
      <ReactFlow
        nodes={nodes}
        edges={edges}
        fitView
        nodesConnectable={false}
        nodesDraggable={false}
        onNodeClick={(_e, node) => {
          const [blueprint, ...rest] = node.id.split("/");
          if (node.id !== `${center.blueprint}/${center.identifier}`) router.push(entityHref(blueprint!, rest.join("/")));
        }}
        proOptions={{ hideAttribution: true }}
      >
        <Background />
        <Controls showInteractive={false} />
      </ReactFlow>
    </div>
  );
}
