import type { Scenario } from "../types";
import { api } from "./api";
import { bulkActions } from "./bulk-actions";
import { emailDelivery } from "./email-delivery";
import { groupsApplications } from "./groups-applications";
import { imports } from "./imports";
import { invites } from "./invites";
import { linkInvalidation } from "./link-invalidation";
import { login } from "./login";
import { pageWeight } from "./page-weight";
import { partnersExport } from "./partners-export";
import { partnersList } from "./partners-list";
import { redirect } from "./redirect";
import { seed } from "./seed";

/** Every scenario, in the order they run. Add yours here (names must be unique). */
export const scenarios: Scenario[] = [seed, login, invites, emailDelivery, imports, groupsApplications, partnersList, partnersExport, redirect, linkInvalidation, bulkActions, api, pageWeight];
