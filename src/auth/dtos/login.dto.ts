import { IsString, Length } from 'class-validator';

export class LoginDto {
  /** 工号 */
  @IsString()
  @Length(1, 16)
  jobNumber: string;

  @IsString()
  @Length(1, 256)
  password: string;
}

export class AccessTokenDto {
  accessToken: string;
  tokenType: 'Bearer';
  expiresInSeconds: number;
  jobNumber: string;
  name: string;
  roles: string[];
}
