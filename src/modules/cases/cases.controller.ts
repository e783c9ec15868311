import {
  Body,
  Controller,
  Delete,
  Get,
  Header,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
  type StreamableFile,
  UseInterceptors,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPreconditionFailedResponse,
  ApiProduces,
  ApiResponse,
  ApiTags,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import { CurrentMember, RequirePermission } from '../../common/auth/decorators.js';
import type { Member } from '../../common/auth/member.js';
import { Permission } from '../../common/auth/permissions.js';
import type { Page } from '../../common/http/pagination.js';
import { UuidParam } from '../../common/http/uuid-param.js';
import { CaseEtagInterceptor } from './case-etag.interceptor.js';
import { CaseReportService } from './case-report.service.js';
import { CasesService } from './cases.service.js';
import { AddNoteDto } from './dto/add-note.dto.js';
import { CaseDetailResponse } from './dto/case-detail.response.js';
import { CaseEventPageResponse } from './dto/case-event-page.response.js';
import { CaseEventResponse } from './dto/case-event.response.js';
import { CasePageResponse } from './dto/case-page.response.js';
import { CaseSignalParam, ClosureRequestParam } from './dto/case-params.js';
import type { CaseResponse } from './dto/case.response.js';
import { ChangeCaseStatusDto } from './dto/change-case-status.dto.js';
import { ClosureRequestResponse } from './dto/closure-request.response.js';
import { CreateCaseDto } from './dto/create-case.dto.js';
import { DecideClosureDto } from './dto/decide-closure.dto.js';
import { ListCasesQuery } from './dto/list-cases.query.js';
import { ListTimelineQuery } from './dto/list-timeline.query.js';
import { ReopenCaseDto } from './dto/reopen-case.dto.js';
import { RequestClosureDto } from './dto/request-closure.dto.js';
import { TimelineVerificationResponse } from './dto/timeline-verification.response.js';
import { UpdateCaseDto } from './dto/update-case.dto.js';
import { type IfMatch, IfMatchHeader } from './if-match.js';
import { Format, type ResponseFormat } from './response-format.js';
import { TimelineService } from './timeline.service.js';

const IF_MATCH_OPTIONAL = {
  name: 'If-Match',
  required: false,
  description: 'The ETag of the case as you read it: when given and no longer current, the answer is 412.',
};

/** Who may see a case: its lead organisation, organisations holding an action in it, and coordinators. */
@ApiTags('cases')
@ApiUnauthorizedResponse({ description: 'No valid API token (problem+json).' })
@ApiNotFoundResponse({ description: 'No such case, or one you may not see.' })
@UseInterceptors(CaseEtagInterceptor)
@Controller('cases')
export class CasesController {
  constructor(
    private readonly cases: CasesService,
    private readonly timeline: TimelineService,
    private readonly reports: CaseReportService,
  ) {}

  @Post()
  @RequirePermission(Permission.CaseManage)
  @ApiOperation({ summary: 'Open a case (coordinators), optionally from signals you may see' })
  @ApiCreatedResponse({ type: CaseDetailResponse, description: 'The case; `ETag` carries its version.' })
  @ApiBadRequestResponse({ description: 'Invalid body; `errors` names each field.' })
  @ApiForbiddenResponse({ description: 'You are not a coordinator.' })
  @ApiUnprocessableEntityResponse({ description: 'Unknown election, organisation or signal (`errors`).' })
  create(@CurrentMember() member: Member, @Body() dto: CreateCaseDto): Promise<CaseDetailResponse> {
    return this.cases.create(member, dto);
  }

  @Get()
  @RequirePermission(Permission.CaseRead)
  @ApiOperation({ summary: 'List the cases you may see, newest first' })
  @ApiOkResponse({ type: CasePageResponse })
  @ApiBadRequestResponse({ description: 'Invalid filter or cursor.' })
  list(@CurrentMember() member: Member, @Query() query: ListCasesQuery): Promise<Page<CaseResponse>> {
    return this.cases.list(member, query);
  }

  @Get(':id')
  @RequirePermission(Permission.CaseRead)
  @ApiOperation({ summary: 'Read a case, with the linked signals your organisation may see' })
  @ApiOkResponse({ type: CaseDetailResponse, description: 'The case; `ETag` carries its version.' })
  get(@CurrentMember() member: Member, @Param() { id }: UuidParam): Promise<CaseDetailResponse> {
    return this.cases.get(member, id);
  }

  @Patch(':id')
  @RequirePermission(Permission.CaseManage)
  @ApiOperation({ summary: 'Edit a case (coordinators); needs If-Match' })
  @ApiHeader({ name: 'If-Match', required: true, description: 'The ETag of the case as you last read it.' })
  @ApiOkResponse({ type: CaseDetailResponse, description: 'The case; `ETag` carries its new version.' })
  @ApiResponse({ status: 428, description: 'No If-Match naming a version.' })
  @ApiPreconditionFailedResponse({ description: 'The case changed since that version: read it again.' })
  @ApiConflictResponse({ description: 'The case is closed.' })
  update(
    @CurrentMember() member: Member,
    @Param() { id }: UuidParam,
    @Body() dto: UpdateCaseDto,
    @IfMatchHeader() ifMatch: IfMatch,
  ): Promise<CaseDetailResponse> {
    return this.cases.update(member, id, dto, ifMatch);
  }

  @Post(':id/status')
  @HttpCode(200)
  @RequirePermission(Permission.CaseManage)
  @ApiOperation({ summary: 'Move a case one step along open → investigating → mitigating, or back' })
  @ApiHeader(IF_MATCH_OPTIONAL)
  @ApiOkResponse({ type: CaseDetailResponse })
  @ApiConflictResponse({ description: 'Not a step from the current status, or the case is closed.' })
  @ApiPreconditionFailedResponse({ description: 'If-Match is not current.' })
  changeStatus(
    @CurrentMember() member: Member,
    @Param() { id }: UuidParam,
    @Body() dto: ChangeCaseStatusDto,
    @IfMatchHeader() ifMatch: IfMatch,
  ): Promise<CaseDetailResponse> {
    return this.cases.changeStatus(member, id, dto, ifMatch);
  }

  @Post(':id/signals/:signalId')
  @HttpCode(200)
  @RequirePermission(Permission.CaseManage)
  @ApiOperation({ summary: 'Link a signal you may see (linking it again changes nothing)' })
  @ApiHeader(IF_MATCH_OPTIONAL)
  @ApiOkResponse({ type: CaseDetailResponse })
  @ApiConflictResponse({ description: 'The case is closed.' })
  linkSignal(
    @CurrentMember() member: Member,
    @Param() { id, signalId }: CaseSignalParam,
    @IfMatchHeader() ifMatch: IfMatch,
  ): Promise<CaseDetailResponse> {
    return this.cases.linkSignal(member, id, signalId, ifMatch);
  }

  @Delete(':id/signals/:signalId')
  @RequirePermission(Permission.CaseManage)
  @ApiOperation({ summary: 'Unlink a signal you may see' })
  @ApiHeader(IF_MATCH_OPTIONAL)
  @ApiOkResponse({ type: CaseDetailResponse })
  @ApiConflictResponse({ description: 'The case is closed.' })
  unlinkSignal(
    @CurrentMember() member: Member,
    @Param() { id, signalId }: CaseSignalParam,
    @IfMatchHeader() ifMatch: IfMatch,
  ): Promise<CaseDetailResponse> {
    return this.cases.unlinkSignal(member, id, signalId, ifMatch);
  }

  @Post(':id/closure-requests')
  @RequirePermission(Permission.CaseManage)
  @ApiOperation({ summary: 'Ask to close the case; a different coordinator decides (four eyes)' })
  @ApiHeader(IF_MATCH_OPTIONAL)
  @ApiCreatedResponse({ type: ClosureRequestResponse })
  @ApiConflictResponse({
    description: 'The case is closed, a request is pending already, or actions are unfinished.',
  })
  requestClosure(
    @CurrentMember() member: Member,
    @Param() { id }: UuidParam,
    @Body() dto: RequestClosureDto,
    @IfMatchHeader() ifMatch: IfMatch,
  ): Promise<ClosureRequestResponse> {
    return this.cases.requestClosure(member, id, dto, ifMatch);
  }

  @Post(':id/closure-requests/:requestId/approve')
  @HttpCode(200)
  @RequirePermission(Permission.CaseManage)
  @ApiOperation({ summary: 'Approve a closure request (not your own): the case closes' })
  @ApiOkResponse({ type: CaseDetailResponse })
  @ApiForbiddenResponse({ description: 'You made the request yourself (case.four_eyes_required).' })
  @ApiConflictResponse({ description: 'The request was decided already, or actions are unfinished.' })
  approveClosure(
    @CurrentMember() member: Member,
    @Param() { id, requestId }: ClosureRequestParam,
    @Body() dto: DecideClosureDto,
  ): Promise<CaseDetailResponse> {
    return this.cases.approveClosure(member, id, requestId, dto);
  }

  @Post(':id/closure-requests/:requestId/reject')
  @HttpCode(200)
  @RequirePermission(Permission.CaseManage)
  @ApiOperation({ summary: 'Reject a closure request (not your own): the case stays open' })
  @ApiOkResponse({ type: CaseDetailResponse })
  @ApiForbiddenResponse({ description: 'You made the request yourself (case.four_eyes_required).' })
  @ApiConflictResponse({ description: 'The request was decided already.' })
  rejectClosure(
    @CurrentMember() member: Member,
    @Param() { id, requestId }: ClosureRequestParam,
    @Body() dto: DecideClosureDto,
  ): Promise<CaseDetailResponse> {
    return this.cases.rejectClosure(member, id, requestId, dto);
  }

  @Post(':id/reopen')
  @HttpCode(200)
  @RequirePermission(Permission.CaseManage)
  @ApiOperation({ summary: 'Reopen a closed case' })
  @ApiHeader(IF_MATCH_OPTIONAL)
  @ApiOkResponse({ type: CaseDetailResponse })
  @ApiConflictResponse({ description: 'The case is not closed.' })
  reopen(
    @CurrentMember() member: Member,
    @Param() { id }: UuidParam,
    @Body() dto: ReopenCaseDto,
    @IfMatchHeader() ifMatch: IfMatch,
  ): Promise<CaseDetailResponse> {
    return this.cases.reopen(member, id, dto, ifMatch);
  }

  @Post(':id/notes')
  @RequirePermission(Permission.CaseRead)
  @ApiOperation({ summary: 'Add a note to the timeline (any organisation that may see the case)' })
  @ApiCreatedResponse({ type: CaseEventResponse, description: 'The note, as an event on the timeline.' })
  addNote(
    @CurrentMember() member: Member,
    @Param() { id }: UuidParam,
    @Body() dto: AddNoteDto,
  ): Promise<CaseEventResponse> {
    return this.cases.addNote(member, id, dto);
  }

  @Get(':id/timeline')
  @RequirePermission(Permission.CaseRead)
  @ApiOperation({
    summary: 'The case timeline, oldest first (JSON pages, or the whole of it as CSV with Accept: text/csv)',
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiExtraModels(CaseEventPageResponse)
  @ApiOkResponse({
    description:
      'JSON: a page of events. CSV (RFC 4180, one event a line, cells that a spreadsheet would run as a ' +
      "formula prefixed with '): every event the filters select; limit and cursor do not apply.",
    content: {
      'application/json': { schema: { $ref: getSchemaPath(CaseEventPageResponse) } },
      'text/csv': { schema: { type: 'string' } },
    },
  })
  timelineOf(
    @CurrentMember() member: Member,
    @Param() { id }: UuidParam,
    @Query() query: ListTimelineQuery,
    @Format() format: ResponseFormat,
  ): Promise<Page<CaseEventResponse> | StreamableFile> {
    return this.timeline.read(member, id, query, format);
  }

  @Get(':id/timeline/verify')
  @RequirePermission(Permission.CaseRead)
  @ApiOperation({
    summary: 'Recompute the timeline’s hash chain and name the first event that does not match',
  })
  @ApiOkResponse({ type: TimelineVerificationResponse })
  verify(@CurrentMember() member: Member, @Param() { id }: UuidParam): Promise<TimelineVerificationResponse> {
    return this.timeline.verify(member, id);
  }

  @Get(':id/report')
  @RequirePermission(Permission.CaseRead)
  @Header('content-type', 'text/html; charset=utf-8')
  // The page needs nothing from anywhere: should anything slip through, the browser still runs and loads nothing.
  @Header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
  @ApiOperation({ summary: 'The case as one printable, self-contained HTML page, as you may see it' })
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'Summary, signals, follow-up actions and timeline.', type: String })
  report(@CurrentMember() member: Member, @Param() { id }: UuidParam): Promise<string> {
    return this.reports.render(member, id);
  }
}
