import type { Metadata } from "next";
import Link from "next/link";
import { TRPCError } from "@trpc/server";
import { ChooseEntity } from "@/components/actions/choose-entity";
import { RunForm } from "@/components/actions/run-form";
import { TargetUnavailable } from "@/components/actions/target-unavailable";
import { Forbidden } from "@/components/shell/forbidden";
import { EntityLink } from "@/components/catalog/entity-link";
import { Card, PageHeader } from "@/components/ui/card";
import { ErrorState } from "@/components/ui/states";
import { serverCaller } from "@/components/trpc/server";

type Params = { action: string };

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  return { title: `Run ${(await params).action}` };
}

/** An earlier run's inputs as a new form's values: secrets were masked in the run, so they are asked again. */
function withoutSecrets(inputs: Record<string, unknown>, properties: Record<string, { format?: unknown }>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(inputs).filter(([key]) => properties[key] && properties[key].format !== "secret"));
}

/** The form of one action (on `?entity=` for DAY-2 and DELETE actions; without it, the entity is chosen first). */
export default async function RunActionPage({ params, searchParams }: { params: Promise<Params>; searchParams: Promise<{ entity?: string; from?: string }> }) {
  const { action } = await params;
  const { entity, from } = await searchParams;
  const caller = await serverCaller();
  let form;
  try {
    form = await caller.actions.form({ action, entity: entity || null });
  } catch (error) {
    if (error instanceof TRPCError && error.code === "FORBIDDEN") return <Forbidden what="Running this action" />;
    if (error instanceof TRPCError && error.code === "BAD_REQUEST") {
      const details = (error.cause as { details?: { message: string }[] } | undefined)?.details?.map((d) => d.message).join("; ");
      return <ErrorState title="This action cannot run here" message={details || error.message} />;
    }
    throw error;
  }
  const [me, blueprint, earlier] = await Promise.all([
    caller.me.get(),
    caller.catalog.blueprint({ identifier: form.action.blueprint }),
    // "Run again": an earlier run of this action fills the form in (one that is gone or another action's is ignored).
    from ? caller.runs.get({ id: from }).catch(() => null) : null,
  ]);
  const initial = earlier && earlier.action === form.action.identifier ? withoutSecrets(earlier.inputs as Record<string, unknown>, form.userInputs.properties) : undefined;
  const blueprintTitle = blueprint.title;
  return (
    <>
      <PageHeader
        title={form.action.title}
        description={
          <>
            {form.action.description ? `${form.action.description} · ` : ""}
            {form.entity ? (
              <>
                on <EntityLink blueprint={form.action.blueprint} identifier={form.entity.identifier} title={form.entity.title} />
              </>
            ) : (
              <Link className="underline" href="/self-service">
                Self-service
              </Link>
            )}
          </>
        }
      />
      <Card className="max-w-2xl space-y-4">
        {form.unavailable ? <TargetUnavailable what={form.unavailable} isAdmin={me.role === "admin"} /> : null}
        {form.chooseEntity ? (
          <ChooseEntity action={form.action.identifier} blueprint={form.action.blueprint} blueprintTitle={blueprintTitle} condition={form.action.condition} />
        ) : (
          <RunForm form={form} blocked={Boolean(form.unavailable)} initial={initial} blueprintTitle={blueprintTitle} />
        )}
      </Card>
    </>
  );
}
