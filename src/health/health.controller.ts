import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Public } from '../auth/auth.decorators';

@ApiTags('ops')
@Controller('health')
export class HealthController {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Up when the database answers. */
  @Public()
  @Get()
  async check(): Promise<{ status: 'ok'; database: 'up'; engine: string }> {
    try {
      await this.db.query('SELECT 1');
    } catch {
      throw new ServiceUnavailableException({ statusCode: 503, status: 'error', database: 'down', message: 'Database is not answering' });
    }
    return { status: 'ok', database: 'up', engine: this.db.options.type };
  }

  /** Up when the process answers; touches nothing (a bare endpoint, the baseline of npm run bench:webhook). */
  @Public()
  @Get('ping')
  ping(): { status: 'ok' } {
    return { status: 'ok' };
  }
}
