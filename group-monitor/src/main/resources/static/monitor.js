// The group monitor's page: renders every group from the "groups" events of
// /api/groups/stream (Server-Sent Events), one per poll. No build step, no library.
'use strict';

// Distinct colours, one per member of a group, kept while the member stays.
const PALETTE = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#b07aa1', '#76b7b2', '#edc948', '#ff9da7',
	'#9c755f', '#17becf', '#bcbd22', '#8c564b'];
const coloursByGroup = new Map();
const REBALANCING = new Set(['PreparingRebalance', 'CompletingRebalance', 'Assigning', 'Reconciling']);

function colours(group) {
	let byMember = coloursByGroup.get(group.groupId);
	if (!byMember) {
		byMember = new Map();
		coloursByGroup.set(group.groupId, byMember);
	}
	const present = new Set(group.members.map((m) => m.key));
	for (const key of [...byMember.keys()]) {
		if (!present.has(key)) byMember.delete(key);
	}
	for (const member of group.members) {
		if (!byMember.has(member.key)) {
			const used = new Set(byMember.values());
			let index = 0;
			while (used.has(index)) index++;
			byMember.set(member.key, index);
		}
	}
	return (key) => PALETTE[byMember.get(key) % PALETTE.length];
}

function esc(value) {
	return String(value ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

const number = (n) => (n == null ? '–' : Math.round(n).toLocaleString('en-US'));
const time = (iso) => new Date(iso).toLocaleTimeString('en-GB');
const seconds = (ms) => (ms / 1000).toFixed(1) + ' s';

function lagSeconds(lag) {
	if (lag.seconds == null) return 'unknown';
	return lag.seconds < 10 ? lag.seconds.toFixed(1) + ' s' : number(lag.seconds) + ' s';
}

function stateClass(state) {
	if (state === 'Stable') return 'state-stable';
	if (REBALANCING.has(state)) return 'state-rebalancing';
	return 'state-' + state.toLowerCase();
}

function renderMember(member, colour) {
	const epoch = member.memberEpoch != null ? ` · epoch ${member.memberEpoch}` : '';
	const client = member.clientId !== member.name ? ` · client ${esc(member.clientId)}` : '';
	return `<div class="member${member.idle ? ' idle' : ''}" style="--c:${colour(member.key)}" data-member="${esc(member.name)}"
		title="member id ${esc(member.memberId)}">
		<span class="swatch"></span><b>${esc(member.name)}</b>
		<span class="details">${member.partitions.length} partition${member.partitions.length === 1 ? '' : 's'}${client} · ${esc(member.host)}${epoch}</span>
		${renderWork(member.work)}
		${member.idle ? '<span class="tag">IDLE</span>' : ''}</div>`;
}

// What a member wrote to order-status: the orders it processed lately and in all, and how
// many of them were records delivered again (a share group's redeliveries).
function renderWork(work) {
	if (!work) return '';
	const redelivered = work.redelivered
		? ` · <span class="redelivered">${number(work.redelivered)} redelivered</span>` : '';
	return `<span class="work" data-recent="${work.recent}" data-processed="${work.processed}"
		data-redelivered="${work.redelivered}">${number(work.recent)} orders in ${work.windowSeconds} s
		· ${number(work.processed)} in all${redelivered}</span>`;
}

function renderSharedPartition(partition, scale) {
	const members = partition.sharedBy ?? [];
	const width = partition.lag ? Math.max(3, Math.min(100, (100 * partition.lag) / scale)) : 0;
	return `<div class="partition shared${members.length ? '' : ' unowned'}" data-partition="${esc(partition.name)}"
		data-members="${esc(members.join(','))}" data-start-offset="${partition.startOffset ?? ''}" data-lag="${partition.lag ?? ''}">
		<div class="name">partition ${partition.partition}</div>
		<div class="owner">${members.length ? `${members.length} member${members.length === 1 ? '' : 's'}: ${members.map(esc).join(', ')}` : 'no member fetches'}</div>
		<div class="bar"><span style="width:${width}%"></span></div>
		<div class="numbers"><span class="lag">lag ${number(partition.lag)}</span>
		<span>${number(partition.startOffset)} / ${number(partition.logEnd)}</span></div></div>`;
}

function renderPartition(partition, colour, scale) {
	const owned = partition.owner != null;
	const style = owned ? `--c:${colour(partition.owner)};--bg:${colour(partition.owner)}1f` : '';
	const owner = owned ? esc(partition.ownerName)
		: 'unowned' + (partition.unownedForMillis != null ? ' ' + seconds(partition.unownedForMillis) : '');
	const width = partition.lag ? Math.max(3, Math.min(100, (100 * partition.lag) / scale)) : 0;
	return `<div class="partition${owned ? '' : ' unowned'}" style="${style}" data-partition="${esc(partition.name)}"
		data-owner="${owned ? esc(partition.ownerName) : ''}" data-lag="${partition.lag ?? ''}">
		<div class="name">partition ${partition.partition}</div>
		<div class="owner">${owner}</div>
		<div class="bar"><span style="width:${width}%"></span></div>
		<div class="numbers"><span class="lag">lag ${number(partition.lag)}</span>
		<span>${number(partition.committed)} / ${number(partition.logEnd)}</span></div></div>`;
}

function renderPartitions(group, colour) {
	const scale = Math.max(10, ...group.partitions.map((p) => p.lag ?? 0));
	const topics = [...new Set(group.partitions.map((p) => p.topic))];
	const share = group.type === 'share';
	// Kafka 4.2.1 persists a share-partition's start offset as it was before the latest
	// acknowledgement: it may trail, the lag does not (docs/share-groups.md)
	const offsets = share
		? 'start / log-end offsets · lag: records not yet acknowledged · the start offset is the last one persisted and may trail the acknowledgements'
		: 'committed / log-end offsets';
	const render = (p) => share ? renderSharedPartition(p, scale) : renderPartition(p, colour, scale);
	return topics.map((topic) => `<div class="topic">topic <b>${esc(topic)}</b> · ${offsets}</div>
		<div class="grid">${group.partitions.filter((p) => p.topic === topic).map(render).join('')}</div>`).join('');
}

// Why a share group keeps more members busy than a consumer group on the same partitions.
function renderShareNote(group) {
	if (group.type !== 'share') return '';
	const partitions = new Set(group.partitions.map((p) => p.name)).size;
	return `<p class="share-note">All ${group.members.length} members of this share group can be busy: each fetches
		from the partitions it is given, several members per partition, and the broker lends every record to one of them
		at a time; a consumer group gives each of the ${partitions} partitions to one member, so at most ${partitions} of its
		members are busy.</p>`;
}

function renderAdvice(advice) {
	const label = {
		HOLD: 'Hold', SCALE_UP: `Scale up to ${advice.recommendedMembers}`, SCALE_DOWN: `Scale down to ${advice.recommendedMembers}`,
		CHECK_MEMBERS: 'Check the members', OBSERVING: 'Observing',
	}[advice.action];
	const limit = advice.partitionLimited ? ` <span class="limit">Partition count (${advice.partitions}) is the limit.</span>` : '';
	return `<div class="advice ${advice.action.toLowerCase()}" data-action="${advice.action}"><b>${label}</b>${esc(advice.reason)}${limit}</div>`;
}

function renderTimeline(group) {
	const rebalances = group.rebalances.timeline.slice(0, 6);
	const items = rebalances.map((r) => `<li class="rebalance${r.inProgress ? ' in-progress' : ''}">
		<span class="when">#${r.number} · ${time(r.startedAt)}</span>
		· ${r.inProgress ? 'under way, ' + seconds(r.durationMillis) : 'seen for ' + seconds(r.durationMillis)}
		<ul>${r.changes.map((c) => `<li><span class="kind ${c.kind}">${c.kind}</span> ${esc(c.text)}</li>`).join('')
			|| '<li>no member joined or left, no partition changed owner</li>'}</ul></li>`).join('');
	return `<div class="timeline"><h3>Rebalances: ${group.rebalances.count} seen</h3>
		${items ? `<ol>${items}</ol>` : '<p class="meta">None since the monitor started.</p>'}</div>`;
}

function renderGroup(group) {
	const colour = colours(group);
	const epochs = group.groupEpoch != null ? ` · group epoch ${group.groupEpoch} · target epoch ${group.targetAssignmentEpoch}` : '';
	const assignor = group.assignor ? ` · assignor ${esc(group.assignor)}` : '';
	const lag = group.lag;
	const rate = lag.consumedPerSecond != null ? number(lag.consumedPerSecond) + '/s' : '–';
	const produced = lag.producedPerSecond != null ? number(lag.producedPerSecond) + '/s' : '–';
	const idle = group.members.filter((m) => m.idle).length;
	return `<section class="group" data-group="${esc(group.groupId)}">
		<div class="group-head"><h2>${esc(group.groupId)}</h2>
			<span class="badge type-${group.type}">${group.type}</span>
			<span class="badge ${stateClass(group.state)}">${esc(group.state)}</span>
			<span class="meta">${assignor}${epochs} · read ${time(group.observedAt)}</span></div>
		<div class="stats">
			<div class="stat"><b>${group.members.length}${idle ? ` <small>(${idle} idle)</small>` : ''}</b><span>members</span></div>
			<div class="stat"><b>${group.partitions.length}</b><span>partitions</span></div>
			<div class="stat${lag.records > 0 ? ' lagging' : ''}"><b>${number(lag.records)}</b><span>lag, records</span></div>
			<div class="stat" title="${esc(lag.estimate)}"><b>${lagSeconds(lag)}</b><span>lag, est. seconds</span></div>
			<div class="stat"><b>${rate}</b><span>consumed</span></div>
			<div class="stat"><b>${produced}</b><span>produced</span></div>
		</div>
		<div class="members">${group.members.map((m) => renderMember(m, colour)).join('') || '<span class="meta">No members.</span>'}</div>
		${renderShareNote(group)}
		${renderPartitions(group, colour)}
		${renderAdvice(group.advice)}
		${renderTimeline(group)}
	</section>`;
}

function render(groups) {
	const main = document.getElementById('groups');
	main.innerHTML = groups.length ? groups.map(renderGroup).join('') : '<p class="empty">No consumer groups yet.</p>';
	document.getElementById('status').textContent = `live · ${groups.length} group${groups.length === 1 ? '' : 's'} · updated ${new Date().toLocaleTimeString('en-GB')}`;
}

function connect() {
	const source = new EventSource('api/groups/stream');
	const dot = document.getElementById('connection');
	source.addEventListener('groups', (event) => render(JSON.parse(event.data)));
	source.onopen = () => { dot.className = 'dot live'; };
	source.onerror = () => {
		dot.className = 'dot down';
		document.getElementById('status').textContent = 'reconnecting…';
	};
}

connect();
