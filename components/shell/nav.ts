import { BarChart3, LineChart, Boxes, ClipboardCheck, ClipboardList, Flag, Gauge, Home, PlayCircle, Server, Settings, Zap } from "lucide-react";

export const navigation = [
  { href: "/", label: "Home", icon: Home },
  { href: "/catalog", label: "Catalog", icon: Boxes },
  { href: "/scorecards", label: "Scorecards", icon: Gauge },
  { href: "/campaigns", label: "Campaigns", icon: Flag },
  { href: "/self-service", label: "Self-service", icon: Zap },
  { href: "/runs", label: "Runs", icon: PlayCircle },
  { href: "/approvals", label: "Approvals", icon: ClipboardCheck, badge: "approvals" },
  { href: "/environments", label: "Environments", icon: Server },
  { href: "/delivery", label: "Delivery", icon: BarChart3 },
  { href: "/insights", label: "Insights", icon: LineChart, adminOnly: true },
  { href: "/audit", label: "Audit log", icon: ClipboardList, adminOnly: true },
  { href: "/admin", label: "Admin", icon: Settings, adminOnly: true },
] as const;
