import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/card";
import { HydrateClient, prefetch, trpc } from "@/components/trpc/server";
import { UserList } from "../_components/user-list";

export const metadata: Metadata = { title: "Users" };

export default async function UsersAdminPage() {
  await prefetch(trpc.users.list.queryOptions({}));
  return (
    <HydrateClient>
      <PageHeader
        title="Users and roles"
        description="Users appear at their first sign-in. Admins in PORTICO_ADMIN_GROUPS get the admin role from single sign-on."
      />
      <UserList />
    </HydrateClient>
  );
}
