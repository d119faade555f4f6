import type { AppInfo, SessionStatus } from '../../../common/api/contract.ts';
import type { Role } from '../../../common/officer.ts';
import { AdminWorkspace } from './admin/AdminWorkspace.tsx';
import { DetectiveWorkspace } from './detective/DetectiveWorkspace.tsx';
import { CommissionerWorkspace } from './oversight/CommissionerWorkspace.tsx';
import { ProsecutorWorkspace } from './oversight/ProsecutorWorkspace.tsx';
import { SupervisorWorkspace } from './oversight/SupervisorWorkspace.tsx';

interface Props {
  role: Role;
  info: AppInfo;
  session: SessionStatus;
  onSession: (s: SessionStatus) => void;
}

/** One workspace per role; the officer switches between the roles they hold. */
export function Workspace({ role, info, session }: Props) {
  switch (role) {
    case 'detective':
      return <DetectiveWorkspace info={info} />;
    case 'prosecutor':
      return <ProsecutorWorkspace info={info} />;
    case 'supervisor':
      return <SupervisorWorkspace info={info} session={session} />;
    case 'commissioner':
      return <CommissionerWorkspace info={info} />;
    case 'admin':
      return <AdminWorkspace info={info} />;
    default:
      return <RolePending role={role} />;
  }
}

function RolePending({ role }: { role: Role }) {
  return (
    <section className="panel" data-testid={`workspace-${role}`}>
      <h1>{role}</h1>
    </section>
  );
}
