import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/ui/card";
import { serverCaller } from "@/components/trpc/server";
import { ActionEditor } from "../../_components/action-editor";

type Params = { id: string };

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  return { title: `${(await params).id} · Actions · Admin` };
}

export default async function EditActionPage({ params }: { params: Promise<Params> }) {
  const { id } = await params;
  const caller = await serverCaller();
  const action = await caller.actions.get({ identifier: id });
  return (
    <>
      <PageHeader
        title={action.title}
        description={
          <>
            <Link className="underline" href={`/runs?action=${encodeURIComponent(id)}`}>
              Its runs
            </Link>
          </>
        }
      />
      <ActionEditor initial={action} isNew={false} />
    </>
  );
}
